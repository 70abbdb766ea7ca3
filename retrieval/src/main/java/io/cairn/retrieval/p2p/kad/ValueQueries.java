package io.cairn.retrieval.p2p.kad;

import io.cairn.storage.PeerId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts value records to, and gets them from, the DHT: a put keeps the record here and sends
 * PUT_VALUE to the k peers closest to its key; a get takes the record held here and those the
 * GET_VALUE lookup meets, checks each, and returns the best.
 */
final class ValueQueries {
  private static final Logger LOG = LoggerFactory.getLogger(ValueQueries.class);

  private final KadEngine engine;
  private final Lookups lookups;
  private final Validators validators;

  ValueQueries(KadEngine engine, Lookups lookups, Validators validators) {
    this.engine = engine;
    this.lookups = lookups;
    this.validators = validators;
  }

  /**
   * Keeps {@code value} for {@code key} here and puts it to the k closest peers.
   *
   * @return the number of peers that took it
   * @throws IllegalArgumentException (at once) when the value is not valid for the key, or a better
   *     value for it is held here
   */
  CompletableFuture<Integer> put(byte[] key, byte[] value) {
    validators.requireNamespace(key);
    try {
      engine.values().put(key, value);
    } catch (ValueStore.Refused e) {
      throw new IllegalArgumentException(
          "cannot replace a newer record with an older one: " + e.getMessage(), e);
    }
    return lookups
        .closestPeers(key)
        .thenCompose(
            peers -> sendTo(peers.subList(0, Math.min(peers.size(), RoutingTable.K)), key, value));
  }

  /**
   * Sends PUT_VALUE of {@code value} to each of {@code peers}.
   *
   * @return the number of peers whose reply echoed the value
   */
  private CompletableFuture<Integer> sendTo(List<PeerId> peers, byte[] key, byte[] value) {
    KadMessage put =
        new KadMessage(
            KadMessage.Type.PUT_VALUE,
            key,
            new KadMessage.Record(key, value, null),
            List.of(),
            List.of(),
            0);
    AtomicInteger took = new AtomicInteger();
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (PeerId p : peers) {
      sends.add(
          lookups
              .queries()
              .query(p, put)
              .handle(
                  (reply, e) -> {
                    if (e == null
                        && reply.record() != null
                        && Arrays.equals(reply.record().value(), value)) {
                      took.incrementAndGet();
                    } else {
                      LOG.debug(
                          "PUT_VALUE to {} failed: {}",
                          p,
                          e == null ? "the reply does not echo the record" : e);
                    }
                    return null;
                  }));
    }
    return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
        .thenApply(v -> took.get());
  }

  /**
   * The best valid value for {@code key} among the one held here and those of the peers a GET_VALUE
   * lookup meets; the lookup stops once {@code quorum} valid values are in hand (the one held here
   * counts). Then, as libp2p's DHT does, the best value is put to the closest peers that answered
   * without it (an older value, or none), so that the network heals; the result does not wait for
   * those puts.
   */
  CompletableFuture<Optional<byte[]>> get(byte[] key, int quorum) {
    if (quorum < 1) {
      throw new IllegalArgumentException("the record count must be positive, not " + quorum);
    }
    validators.requireNamespace(key);
    List<byte[]> found = new ArrayList<>();
    Map<PeerId, byte[]> answers = new HashMap<>();
    engine.values().get(key).ifPresent(s -> found.add(s.value()));
    if (found.size() >= quorum) {
      return CompletableFuture.completedFuture(Optional.of(found.get(0)));
    }
    CompletableFuture<List<PeerId>> lookup =
        lookups.run(
            KadMessage.Type.GET_VALUE,
            key,
            (peer, reply) -> {
              KadMessage.Record r = reply.record();
              synchronized (found) {
                if (r != null
                    && r.value() != null
                    && (r.key() == null || Arrays.equals(r.key(), key))
                    && validators.valid(key, r.value())) {
                  found.add(r.value());
                  answers.put(peer, r.value());
                }
                return found.size() >= quorum;
              }
            },
            -1,
            0);
    return Lookups.cancelling(
        lookup,
        lookup.handle(
            (closest, e) -> {
              synchronized (found) {
                if (found.isEmpty()) {
                  if (e != null) {
                    throw e instanceof RuntimeException re ? re : new RuntimeException(e);
                  }
                  return Optional.<byte[]>empty();
                }
                byte[] best = found.get(validators.select(key, found));
                keepLocally(key, best);
                if (closest != null) {
                  List<PeerId> stale = new ArrayList<>();
                  for (PeerId p : closest.subList(0, Math.min(closest.size(), RoutingTable.K))) {
                    if (!Arrays.equals(answers.get(p), best)) {
                      stale.add(p);
                    }
                  }
                  sendTo(stale, key, best);
                }
                return Optional.of(best);
              }
            }));
  }

  /** Keeps a record found on the network, so that a later get (or a peer's) finds it here. */
  private void keepLocally(byte[] key, byte[] value) {
    try {
      engine.values().put(key, value);
    } catch (IllegalArgumentException e) {
      LOG.debug("A record found on the network is not kept: {}", e.getMessage());
    }
  }
}
