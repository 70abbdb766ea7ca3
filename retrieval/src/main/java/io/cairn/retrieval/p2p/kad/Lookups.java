package io.cairn.retrieval.p2p.kad;

import io.cairn.storage.PeerId;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

/** Starts {@link Lookup}s with this node's parameters and counts them. */
final class Lookups {
  private final KadEngine engine;
  private final KadQueries queries;
  private final int alpha;
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong running = new AtomicLong();

  Lookups(KadEngine engine, KadQueries queries, int alpha) {
    this.engine = engine;
    this.queries = queries;
    this.alpha = alpha;
  }

  /**
   * Runs a lookup of {@code type} for {@code key} (its target is sha256(key)), seeded with the
   * routing table's closest peers and {@code extraSeeds}.
   */
  CompletableFuture<List<PeerId>> run(
      KadMessage.Type type,
      byte[] key,
      Collection<PeerId> extraSeeds,
      Predicate<KadMessage> stopWhen,
      int exploreBits,
      int exploreCap) {
    return run(
        type,
        key,
        extraSeeds,
        (peer, reply) -> stopWhen.test(reply),
        exploreBits,
        exploreCap,
        QueryListener.NONE);
  }

  /**
   * As {@link #run(KadMessage.Type, byte[], Collection, Predicate, int, int)} without extra seeds,
   * {@code stopWhen} also told which peer sent each reply.
   */
  CompletableFuture<List<PeerId>> run(
      KadMessage.Type type,
      byte[] key,
      BiPredicate<PeerId, KadMessage> stopWhen,
      int exploreBits,
      int exploreCap) {
    return run(type, key, List.of(), stopWhen, exploreBits, exploreCap, QueryListener.NONE);
  }

  private CompletableFuture<List<PeerId>> run(
      KadMessage.Type type,
      byte[] key,
      Collection<PeerId> extraSeeds,
      BiPredicate<PeerId, KadMessage> stopWhen,
      int exploreBits,
      int exploreCap,
      QueryListener listener) {
    started.incrementAndGet();
    running.incrementAndGet();
    KadKey target = KadKey.of(key);
    KadMessage request = KadMessage.request(type, key);
    AtomicReference<Lookup> self = new AtomicReference<>();
    Lookup lookup =
        new Lookup(
            engine.host().self(),
            target,
            alpha,
            RoutingTable.K,
            told(request, listener == QueryListener.NONE ? listener : sealed(listener, self)),
            stopWhen,
            exploreBits,
            exploreCap);
    self.set(lookup);
    List<PeerId> seeds = new java.util.ArrayList<>(engine.table().closest(target, RoutingTable.K));
    seeds.addAll(extraSeeds);
    lookup.result().whenComplete((peers, error) -> running.decrementAndGet());
    return lookup.run(seeds);
  }

  /**
   * {@code listener}, told nothing once {@code lookup} has ended: the steps of the queries it
   * cancelled, or that end after it stopped, are not the lookup's any more, and whoever streams its
   * steps sees its end last.
   */
  private static QueryListener sealed(QueryListener listener, AtomicReference<Lookup> lookup) {
    return new QueryListener() {
      @Override
      public void dialing(PeerId peer) {
        lookup.get().whileRunning(() -> listener.dialing(peer));
      }

      @Override
      public void sending(PeerId peer) {
        lookup.get().whileRunning(() -> listener.sending(peer));
      }

      @Override
      public void answered(PeerId peer, List<Kademlia.PeerInfo> closer) {
        lookup.get().whileRunning(() -> listener.answered(peer, closer));
      }

      @Override
      public void failed(PeerId peer, String reason) {
        lookup.get().whileRunning(() -> listener.failed(peer, reason));
      }
    };
  }

  /** Sends {@code request} to a peer, telling {@code listener} of each step. */
  private Function<PeerId, CompletableFuture<KadMessage>> told(
      KadMessage request, QueryListener listener) {
    if (listener == QueryListener.NONE) {
      return peer -> queries.query(peer, request);
    }
    return peer -> {
      if (engine.host().connection(peer).isEmpty()) {
        listener.dialing(peer);
      }
      listener.sending(peer);
      CompletableFuture<KadMessage> query = queries.query(peer, request);
      return cancelling(
          query,
          query.whenComplete(
              (reply, error) -> {
                if (error != null) {
                  Throwable cause =
                      error instanceof CompletionException && error.getCause() != null
                          ? error.getCause()
                          : error;
                  listener.failed(peer, String.valueOf(cause.getMessage()));
                } else {
                  listener.answered(
                      peer,
                      reply.closerPeers().stream()
                          .map(p -> new Kademlia.PeerInfo(p.id(), p.addrs()))
                          .toList());
                }
              }));
    };
  }

  /**
   * {@code derived}, whose cancellation cancels {@code source} too (a lookup, a query): a future
   * made from another with {@code thenApply} and the like does not pass its cancellation back.
   */
  static <T> CompletableFuture<T> cancelling(
      CompletableFuture<?> source, CompletableFuture<T> derived) {
    derived.whenComplete(
        (v, e) -> {
          if (e instanceof CancellationException) {
            source.cancel(true);
          }
        });
    return derived;
  }

  /**
   * The k peers closest to sha256(key) that answered, closest first, {@code listener} told of each
   * query; cancelling the returned future stops the lookup (no further peer is queried).
   */
  CompletableFuture<List<PeerId>> closestPeers(byte[] key, QueryListener listener) {
    CompletableFuture<List<PeerId>> lookup =
        run(KadMessage.Type.FIND_NODE, key, List.of(), (p, m) -> false, -1, 0, listener);
    return cancelling(
        lookup,
        lookup.thenApply(
            peers -> List.copyOf(peers.subList(0, Math.min(RoutingTable.K, peers.size())))));
  }

  /** The peers closest to sha256(key) that answered, closest first. */
  CompletableFuture<List<PeerId>> closestPeers(byte[] key) {
    return run(KadMessage.Type.FIND_NODE, key, List.of(), m -> false, -1, 0);
  }

  long started() {
    return started.get();
  }

  /** Lookups started and not yet ended (done, stopped, failed or cancelled). */
  long running() {
    return running.get();
  }

  KadQueries queries() {
    return queries;
  }
}
