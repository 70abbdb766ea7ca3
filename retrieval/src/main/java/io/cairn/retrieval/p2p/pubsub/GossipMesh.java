package io.cairn.retrieval.p2p.pubsub;

import io.cairn.storage.PeerId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Gossipsub's overlay: the mesh of each joined topic, the fanout of each topic published to but not
 * joined (kept {@code fanoutTtl} after the last publish), and the backoffs (a peer pruned from a
 * topic's mesh, by this node or by itself, is not grafted again before its backoff ends). The
 * heartbeat ({@link #maintain}) grafts a mesh below Dlo up to D and prunes one above Dhi down to D,
 * keeping a random subset. Candidates are the gossipsub peers subscribed to the topic, as the
 * router lists them. Not thread-safe: the engine holds its lock.
 */
final class GossipMesh {
  private final GossipsubOptions o;
  private final LongSupplier clock;
  private final Random random;
  private final Map<String, Set<PeerId>> mesh = new HashMap<>();
  private final Map<String, Set<PeerId>> fanout = new HashMap<>();
  private final Map<String, Long> lastPublished = new HashMap<>();

  /** Topic, then peer, then the time (nanos) its backoff ends. */
  private final Map<String, Map<PeerId, Long>> backoff = new HashMap<>();

  private int backoffs;

  GossipMesh(GossipsubOptions options, LongSupplier nanoClock, Random random) {
    this.o = options;
    this.clock = nanoClock;
    this.random = random;
  }

  boolean joined(String topic) {
    return mesh.containsKey(topic);
  }

  Set<String> joinedTopics() {
    return Collections.unmodifiableSet(mesh.keySet());
  }

  Set<String> fanoutTopics() {
    return Collections.unmodifiableSet(fanout.keySet());
  }

  /** The topic's mesh peers (empty if not joined). */
  Set<PeerId> mesh(String topic) {
    return Collections.unmodifiableSet(mesh.getOrDefault(topic, Set.of()));
  }

  /** The topic's fanout peers (empty if none). */
  Set<PeerId> fanout(String topic) {
    return Collections.unmodifiableSet(fanout.getOrDefault(topic, Set.of()));
  }

  int backoffs() {
    return backoffs;
  }

  /**
   * Joins {@code topic}: its mesh starts from its fanout peers, then other candidates, up to D.
   *
   * @return the peers to send GRAFT
   */
  List<PeerId> join(String topic, List<PeerId> candidates) {
    if (mesh.containsKey(topic)) {
      return List.of();
    }
    Set<PeerId> m = new LinkedHashSet<>();
    Set<PeerId> f = fanout.remove(topic);
    lastPublished.remove(topic);
    if (f != null) {
      for (PeerId p : f) {
        if (m.size() < o.d() && candidates.contains(p) && !backedOff(topic, p, true)) {
          m.add(p);
        }
      }
    }
    fill(topic, m, candidates, o.d());
    mesh.put(topic, m);
    return List.copyOf(m);
  }

  /**
   * Leaves {@code topic}: each mesh peer is backed off {@code unsubscribeBackoff}.
   *
   * @return the peers to send PRUNE
   */
  List<PeerId> leave(String topic) {
    Set<PeerId> m = mesh.remove(topic);
    if (m == null) {
      return List.of();
    }
    for (PeerId p : m) {
      addBackoff(topic, p, o.unsubscribeBackoff().toNanos());
    }
    return List.copyOf(m);
  }

  /** Adds {@code peer} to the joined topic's mesh; false if it is there or the topic not joined. */
  boolean add(String topic, PeerId peer) {
    Set<PeerId> m = mesh.get(topic);
    return m != null && m.add(peer);
  }

  /** Removes the peer from the topic's mesh and fanout (it left the topic or pruned). */
  boolean remove(String topic, PeerId peer) {
    Set<PeerId> f = fanout.get(topic);
    if (f != null) {
      f.remove(peer);
    }
    Set<PeerId> m = mesh.get(topic);
    return m != null && m.remove(peer);
  }

  /** The peer is gone: out of every mesh and fanout (its backoffs stay until they end). */
  void removePeer(PeerId peer) {
    mesh.values().forEach(s -> s.remove(peer));
    fanout.values().forEach(s -> s.remove(peer));
  }

  /**
   * The fanout peers a message to a topic not joined goes to: those kept, or D fresh ones when none
   * are; the topic's fanout lives {@code fanoutTtl} from now.
   */
  Set<PeerId> fanoutFor(String topic, List<PeerId> candidates) {
    Set<PeerId> f = fanout.computeIfAbsent(topic, t -> new LinkedHashSet<>());
    if (f.isEmpty()) {
      fill(topic, f, candidates, o.d());
    }
    lastPublished.put(topic, clock.getAsLong());
    return Collections.unmodifiableSet(f);
  }

  /**
   * Whether {@code peer} is backed off in {@code topic}. With {@code slack} (when this node
   * considers grafting it) one more heartbeat counts, so a GRAFT does not race the peer's clock.
   */
  boolean backedOff(String topic, PeerId peer, boolean slack) {
    Map<PeerId, Long> b = backoff.get(topic);
    Long until = b == null ? null : b.get(peer);
    if (until == null) {
      return false;
    }
    long extra = slack ? o.heartbeat().toNanos() : 0;
    return clock.getAsLong() - (until + extra) < 0;
  }

  /** Backs {@code peer} off {@code topic} for {@code nanos} from now (the later end wins). */
  void addBackoff(String topic, PeerId peer, long nanos) {
    long until = clock.getAsLong() + nanos;
    Map<PeerId, Long> b = backoff.computeIfAbsent(topic, t -> new HashMap<>());
    Long old = b.get(peer);
    if (old == null) {
      if (backoffs >= o.maxBackoffs()) {
        expireBackoffs();
        if (backoffs >= o.maxBackoffs()) {
          if (b.isEmpty()) {
            backoff.remove(topic);
          }
          return;
        }
        b = backoff.computeIfAbsent(topic, t -> new HashMap<>());
      }
      b.put(peer, until);
      backoffs++;
    } else if (until - old > 0) {
      b.put(peer, until);
    }
  }

  /**
   * The heartbeat's upkeep: meshes below Dlo grafted up to D, above Dhi pruned down to D (pruned
   * peers backed off {@code pruneBackoff}); fanouts past their TTL dropped, others filled to D;
   * ended backoffs forgotten.
   *
   * @param candidates the gossipsub peers subscribed to a topic
   * @param graft called with each peer to send GRAFT, and its topic
   * @param prune called with each peer to send PRUNE, and its topic
   */
  void maintain(
      Function<String, List<PeerId>> candidates,
      BiConsumer<PeerId, String> graft,
      BiConsumer<PeerId, String> prune) {
    for (Map.Entry<String, Set<PeerId>> e : mesh.entrySet()) {
      String topic = e.getKey();
      Set<PeerId> m = e.getValue();
      List<PeerId> c = candidates.apply(topic);
      m.retainAll(new HashSet<>(c));
      if (m.size() < o.dlo()) {
        Set<PeerId> before = new HashSet<>(m);
        fill(topic, m, c, o.d());
        for (PeerId p : m) {
          if (!before.contains(p)) {
            graft.accept(p, topic);
          }
        }
      } else if (m.size() > o.dhi()) {
        // v1.1 keeps the best-scored and some outbound peers; without scores, a random D
        List<PeerId> list = new ArrayList<>(m);
        Collections.shuffle(list, random);
        for (PeerId p : list.subList(o.d(), list.size())) {
          m.remove(p);
          addBackoff(topic, p, o.pruneBackoff().toNanos());
          prune.accept(p, topic);
        }
      }
    }
    long now = clock.getAsLong();
    Iterator<Map.Entry<String, Set<PeerId>>> it = fanout.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Set<PeerId>> e = it.next();
      Long last = lastPublished.get(e.getKey());
      if (last == null || now - last > o.fanoutTtl().toNanos()) {
        it.remove();
        lastPublished.remove(e.getKey());
        continue;
      }
      List<PeerId> c = candidates.apply(e.getKey());
      e.getValue().retainAll(new HashSet<>(c));
      if (e.getValue().size() < o.d()) {
        fill(e.getKey(), e.getValue(), c, o.d());
      }
    }
    expireBackoffs();
  }

  /** Adds random candidates not backed off to {@code set} until it holds {@code target}. */
  private void fill(String topic, Set<PeerId> set, Collection<PeerId> candidates, int target) {
    if (set.size() >= target) {
      return;
    }
    List<PeerId> pool = new ArrayList<>();
    for (PeerId p : candidates) {
      if (!set.contains(p) && !backedOff(topic, p, true)) {
        pool.add(p);
      }
    }
    Collections.shuffle(pool, random);
    for (PeerId p : pool) {
      if (set.size() >= target) {
        break;
      }
      set.add(p);
    }
  }

  private void expireBackoffs() {
    long now = clock.getAsLong();
    long slack = o.heartbeat().toNanos();
    Iterator<Map<PeerId, Long>> topics = backoff.values().iterator();
    while (topics.hasNext()) {
      Map<PeerId, Long> b = topics.next();
      Iterator<Long> ends = b.values().iterator();
      while (ends.hasNext()) {
        if (now - (ends.next() + slack) >= 0) {
          ends.remove();
          backoffs--;
        }
      }
      if (b.isEmpty()) {
        topics.remove();
      }
    }
  }
}
