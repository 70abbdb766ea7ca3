package io.cairn.retrieval.p2p.pubsub;

import io.cairn.retrieval.p2p.Stream;
import io.cairn.retrieval.p2p.UvarintFrames;
import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The RPCs waiting to go to one peer on the long-lived stream this node sends on, bounded in bytes:
 * an RPC that would take the queue past its bound is refused (the engine drops and counts it), so a
 * slow peer costs at most the bound plus the stream's own write buffer. RPCs queued before the
 * stream opens go out once it does. Written on the stream's event loop while the stream is writable
 * (Yamux's window is open); {@link PubsubStreamHandler} drains again when it becomes writable.
 */
final class PeerOutbox {
  private final long maxBytes;
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private long queued;
  private Stream stream;
  private boolean closed;
  private boolean draining;

  PeerOutbox(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Queues one RPC body; false when it does not fit (or the outbox is closed). */
  synchronized boolean offer(byte[] rpc) {
    if (closed || queued + rpc.length > maxBytes) {
      return false;
    }
    queue.add(rpc);
    queued += rpc.length;
    scheduleDrain();
    return true;
  }

  /** The stream is open: what was queued goes out. */
  synchronized void attach(Stream s) {
    if (closed) {
      s.channel().close();
      return;
    }
    stream = s;
    scheduleDrain();
  }

  synchronized boolean attached() {
    return stream != null;
  }

  synchronized long queuedBytes() {
    return queued;
  }

  /** The RPCs waiting, oldest first (what tests read of a peer without a stream). */
  synchronized List<byte[]> waiting() {
    return List.copyOf(queue);
  }

  /** Forgets what is queued and closes the stream, if any. */
  synchronized void close() {
    closed = true;
    queue.clear();
    queued = 0;
    if (stream != null) {
      stream.channel().close();
    }
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /** Drains when the stream's window opens again. */
  synchronized void writable() {
    scheduleDrain();
  }

  private void scheduleDrain() {
    if (stream != null && !draining) {
      draining = true;
      Stream s = stream;
      s.channel().eventLoop().execute(() -> drain(s.channel()));
    }
  }

  private void drain(Channel ch) {
    boolean wrote = false;
    while (true) {
      byte[] rpc;
      synchronized (this) {
        if (closed || queue.isEmpty() || !ch.isActive() || !ch.isWritable()) {
          draining = false;
          break;
        }
        rpc = queue.poll();
        queued -= rpc.length;
      }
      ch.write(UvarintFrames.frame(ch.alloc(), rpc));
      wrote = true;
    }
    if (wrote) {
      ch.flush();
    }
  }
}
