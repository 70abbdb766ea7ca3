package io.cairn.retrieval.p2p.bitswap;

import io.cairn.retrieval.p2p.Host;
import io.cairn.retrieval.p2p.P2pException;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.storage.PeerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The stream this node sends its Bitswap messages to a peer on, one per peer, opened on first use
 * (the spec has replies travel on a stream the responder opens, never on the requester's).
 *
 * <p>Want entries are queued per peer and written by a task on the stream's event loop, which takes
 * everything queued by the time it runs: wants made faster than the stream drains (10,000 fetches
 * to 50 peers) travel in a few large messages, not one message per want and peer, so what is in
 * flight is a list of small entries, not hundreds of thousands of messages and their buffers.
 */
final class Outbox {
  /** Entries per message at most (about 250 KiB), as when a whole wantlist goes to a new peer. */
  static final int WANTS_PER_MESSAGE = 4096;

  private final Host host;
  private final List<String> protocols;
  private final Map<PeerId, CompletableFuture<Stream>> streams = new ConcurrentHashMap<>();
  private final Map<PeerId, WantQueue> queued = new HashMap<>();

  /** Want entries waiting for one peer's next write, and the completion of that write. */
  private static final class WantQueue {
    final List<BitswapMessage.Want> entries = new ArrayList<>();
    final CompletableFuture<Void> written = new CompletableFuture<>();
  }

  private final Executor workers;

  Outbox(Host host, List<String> protocols, Executor workers) {
    this.host = host;
    this.protocols = protocols;
    this.workers = workers;
  }

  /**
   * Sends one message; completes when it is written, or fails with {@link P2pException} naming the
   * peer when no stream could be opened or the write failed on a fresh stream too. A write that
   * fails on a stream the peer closed meanwhile (Helia resets a Bitswap stream idle for 10 s) is
   * tried once more on a new stream.
   */
  CompletableFuture<Void> send(PeerId peer, BitswapMessage message) {
    return write(peer, message).exceptionallyCompose(first -> write(peer, message));
  }

  /**
   * Queues want entries for the peer; they go out with whatever else is queued for it when a worker
   * gets to them. Completes when they are written, or fails as {@link #send}.
   */
  CompletableFuture<Void> sendWants(PeerId peer, List<BitswapMessage.Want> entries) {
    WantQueue q;
    boolean first;
    synchronized (queued) {
      q = queued.get(peer);
      first = q == null;
      if (first) {
        q = new WantQueue();
        queued.put(peer, q);
      }
      q.entries.addAll(entries);
    }
    if (first) {
      WantQueue mine = q;
      workers.execute(() -> flush(peer, mine));
    }
    return q.written;
  }

  /** Writes what the queue gathered, in messages of at most {@link #WANTS_PER_MESSAGE} entries. */
  private void flush(PeerId peer, WantQueue q) {
    synchronized (queued) {
      queued.remove(peer, q);
    }
    List<BitswapMessage.Want> entries = q.entries;
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (int i = 0; i < entries.size(); i += WANTS_PER_MESSAGE) {
      List<BitswapMessage.Want> chunk =
          List.copyOf(entries.subList(i, Math.min(entries.size(), i + WANTS_PER_MESSAGE)));
      writes.add(send(peer, BitswapMessage.ofWants(chunk)));
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
        .whenComplete(
            (v, error) -> {
              if (error == null) {
                q.written.complete(null);
              } else {
                q.written.completeExceptionally(error);
              }
            });
  }

  private CompletableFuture<Void> write(PeerId peer, BitswapMessage message) {
    CompletableFuture<Stream> stream = stream(peer);
    return stream.thenCompose(
        s -> {
          CompletableFuture<Void> written = new CompletableFuture<>();
          s.channel()
              .writeAndFlush(message)
              .addListener(
                  f -> {
                    if (f.isSuccess()) {
                      written.complete(null);
                    } else {
                      streams.remove(peer, stream);
                      written.completeExceptionally(
                          new P2pException(
                              "sending a bitswap message to " + peer + " failed", f.cause()));
                    }
                  });
          return written;
        });
  }

  private CompletableFuture<Stream> stream(PeerId peer) {
    while (true) {
      CompletableFuture<Stream> s = streams.get(peer);
      if (s == null) {
        CompletableFuture<Stream> created = new CompletableFuture<>();
        s = streams.putIfAbsent(peer, created);
        if (s == null) {
          open(peer, created);
          return created;
        }
      }
      if (s.isCompletedExceptionally() || (s.isDone() && !s.join().channel().isActive())) {
        streams.remove(peer, s);
        continue;
      }
      return s;
    }
  }

  private void open(PeerId peer, CompletableFuture<Stream> created) {
    CompletableFuture<Stream> opening;
    try {
      opening = host.newStream(peer, protocols);
    } catch (RuntimeException e) {
      opening = CompletableFuture.failedFuture(e);
    }
    opening.whenComplete(
        (stream, error) -> {
          if (error != null) {
            streams.remove(peer, created);
            created.completeExceptionally(error);
          } else {
            stream.channel().closeFuture().addListener(f -> streams.remove(peer, created));
            created.complete(stream);
          }
        });
  }

  /**
   * Whether a message to the peer would be sent now: false while its stream is open and not
   * writable (its flow-control window is full); {@link BitswapStreamHandler} reports when it is
   * writable again.
   */
  boolean isWritable(PeerId peer) {
    CompletableFuture<Stream> s = streams.get(peer);
    if (s == null || !s.isDone() || s.isCompletedExceptionally()) {
      return true;
    }
    var channel = s.join().channel();
    return !channel.isActive() || channel.isWritable();
  }

  /** Closes the peer's stream, if any (the peer disconnected or was dropped). */
  void forget(PeerId peer) {
    CompletableFuture<Stream> s = streams.remove(peer);
    if (s != null) {
      s.thenAccept(stream -> stream.channel().close());
    }
  }
}
