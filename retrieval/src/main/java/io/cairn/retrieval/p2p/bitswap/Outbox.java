package io.cairn.retrieval.p2p.bitswap;

import io.cairn.retrieval.p2p.Host;
import io.cairn.retrieval.p2p.P2pException;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.storage.PeerId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stream this node sends its Bitswap messages to a peer on, one per peer, opened on first use
 * (the spec has replies travel on a stream the responder opens, never on the requester's).
 */
final class Outbox {
  private final Host host;
  private final List<String> protocols;
  private final Map<PeerId, CompletableFuture<Stream>> streams = new ConcurrentHashMap<>();

  Outbox(Host host, List<String> protocols) {
    this.host = host;
    this.protocols = protocols;
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
