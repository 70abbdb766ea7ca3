package io.cairn.retrieval.p2p.kad;

import io.cairn.retrieval.p2p.P2pException;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Sends kad requests to one peer at a time, each on a stream of its own, with a time-out per query.
 * Replies teach the engine: the peer that answered enters the routing table, the addresses it gave
 * are kept, and bogus parts count against it; a peer that fails a query is marked in the table. The
 * closer peers of a reply that fail the DHT's query filter are left out of what the lookup sees.
 */
final class KadQueries {
  private final KadEngine engine;
  private final Duration timeout;
  private final AtomicLong sent = new AtomicLong();

  KadQueries(KadEngine engine, Duration timeout) {
    this.engine = engine;
    this.timeout = timeout;
  }

  /** Sends {@code request} to {@code peer} and returns its reply. */
  CompletableFuture<KadMessage> query(PeerId peer, KadMessage request) {
    sent.incrementAndGet();
    var exchange = exchange(peer, request, stream -> handler(stream).request(request));
    return Lookups.cancelling(
        exchange,
        exchange.thenApply(
            decoded -> {
              if (decoded.misbehaved()) {
                engine.misbehaved(
                    peer,
                    "replied with "
                        + decoded.droppedAddrs()
                        + " bogus or excess addresses and "
                        + decoded.truncatedPeers()
                        + " peers over the limit");
              } else {
                engine.answered(
                    peer,
                    !decoded.message().closerPeers().isEmpty()
                        || !decoded.message().providerPeers().isEmpty());
              }
              KadMessage m = decoded.message();
              engine.learn(m.closerPeers());
              engine.learn(m.providerPeers());
              List<KadMessage.Peer> followed =
                  m.closerPeers().stream()
                      .filter(p -> engine.scope().queryable(p.addrs()))
                      .toList();
              return followed.size() == m.closerPeers().size()
                  ? m
                  : new KadMessage(
                      m.type(),
                      m.key(),
                      m.record(),
                      followed,
                      m.providerPeers(),
                      m.clusterLevelRaw());
            }));
  }

  /** The queries (requests that wait for a reply) sent since start. */
  long sent() {
    return sent.get();
  }

  /**
   * Sends messages that have no reply (ADD_PROVIDER) on one stream, then a PING: requests on a
   * stream are handled in order, so its answer confirms the peer took every message before it.
   */
  CompletableFuture<Void> send(PeerId peer, List<KadMessage> messages) {
    KadMessage ping = KadMessage.request(KadMessage.Type.PING, new byte[0]);
    return exchange(
            peer,
            messages.isEmpty() ? ping : messages.get(0),
            stream -> {
              messages.forEach(stream.channel()::write);
              return handler(stream).request(ping);
            })
        .thenApply(reply -> null);
  }

  /**
   * Opens a stream to {@code peer}, runs {@code action} on it within the time-out, then closes the
   * stream; a failure marks the peer in the routing table and names the peer and {@code what}.
   * Cancelling the returned future closes the stream at once (or as soon as it opens) and blames
   * the peer for nothing.
   */
  private <T> CompletableFuture<T> exchange(
      PeerId peer, KadMessage what, Function<Stream, CompletableFuture<T>> action) {
    AtomicReference<Stream> opened = new AtomicReference<>();
    CompletableFuture<T> out = new CompletableFuture<>();
    engine
        .host()
        .newStream(peer, List.of(engine.scope().protocolId()))
        .thenCompose(
            stream -> {
              opened.set(stream);
              if (out.isDone()) {
                stream.channel().close(); // cancelled while the stream was being opened
              }
              return action.apply(stream);
            })
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (result, error) -> {
              close(opened);
              if (out.isDone()) {
                return; // cancelled by the lookup: the peer is not to blame
              }
              if (error != null) {
                engine.table().failed(peer);
                out.completeExceptionally(describe(peer, what, error));
              } else {
                out.complete(result);
              }
            });
    out.whenComplete(
        (result, error) -> {
          if (error instanceof CancellationException) {
            close(opened);
          }
        });
    return out;
  }

  private static void close(AtomicReference<Stream> opened) {
    Stream s = opened.get();
    if (s != null) {
      s.channel().close();
    }
  }

  private static KadClientHandler handler(Stream stream) {
    KadClientHandler h = stream.channel().pipeline().get(KadClientHandler.class);
    if (h == null) {
      throw new P2pException(
          "kad stream to " + stream.remotePeer() + " was not set up by the kad binding");
    }
    return h;
  }

  private P2pException describe(PeerId peer, KadMessage request, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String what = request.type().toString();
    if (cause instanceof TimeoutException) {
      return new P2pException(
          "kad peer " + peer + " did not answer " + what + " within " + timeout.toMillis() + " ms");
    }
    if (cause instanceof P2pException p) {
      return p;
    }
    return new P2pException("kad " + what + " to " + peer + " failed: " + cause, cause);
  }
}
