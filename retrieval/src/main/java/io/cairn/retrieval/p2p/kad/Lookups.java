package io.cairn.retrieval.p2p.kad;

import io.cairn.storage.PeerId;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/** Starts {@link Lookup}s with this node's parameters and counts them. */
final class Lookups {
  private final KadEngine engine;
  private final KadQueries queries;
  private final int alpha;
  private final AtomicLong started = new AtomicLong();

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
        type, key, extraSeeds, (peer, reply) -> stopWhen.test(reply), exploreBits, exploreCap);
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
    return run(type, key, List.of(), stopWhen, exploreBits, exploreCap);
  }

  private CompletableFuture<List<PeerId>> run(
      KadMessage.Type type,
      byte[] key,
      Collection<PeerId> extraSeeds,
      BiPredicate<PeerId, KadMessage> stopWhen,
      int exploreBits,
      int exploreCap) {
    started.incrementAndGet();
    KadKey target = KadKey.of(key);
    KadMessage request = KadMessage.request(type, key);
    Lookup lookup =
        new Lookup(
            engine.host().self(),
            target,
            alpha,
            RoutingTable.K,
            peer -> queries.query(peer, request),
            stopWhen,
            exploreBits,
            exploreCap);
    List<PeerId> seeds = new java.util.ArrayList<>(engine.table().closest(target, RoutingTable.K));
    seeds.addAll(extraSeeds);
    return lookup.run(seeds);
  }

  /** The peers closest to sha256(key) that answered, closest first. */
  CompletableFuture<List<PeerId>> closestPeers(byte[] key) {
    return run(KadMessage.Type.FIND_NODE, key, List.of(), m -> false, -1, 0);
  }

  long started() {
    return started.get();
  }

  KadQueries queries() {
    return queries;
  }
}
