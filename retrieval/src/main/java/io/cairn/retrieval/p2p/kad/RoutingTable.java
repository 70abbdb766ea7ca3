package io.cairn.retrieval.p2p.kad;

import io.cairn.storage.PeerId;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Kademlia routing table: one bucket of at most {@link #K} peers per common prefix length with
 * this node's position (sha256 of the peer ID bytes). A full bucket takes a new peer only in place
 * of a stale one (a peer whose last query failed); otherwise the newcomer waits in the bucket's
 * replacement cache and is promoted when a member is evicted after {@link #MAX_FAILURES} failed
 * queries in a row. The caller decides who may enter (only peers that announce the kad protocol).
 * Thread-safe.
 */
final class RoutingTable {
  /** The bucket size and replication parameter. */
  static final int K = 20;

  /** Failed queries in a row after which a peer leaves the table. */
  static final int MAX_FAILURES = 2;

  private static final class Entry {
    final PeerId peer;
    final KadKey key;
    int failures;
    Instant lastUseful;
    Instant lastQueried;

    Entry(PeerId peer, KadKey key) {
      this.peer = peer;
      this.key = key;
    }
  }

  private final KadKey self;
  private final InstantSource clock;
  // Per bucket, least recently seen first; access order is kept by re-insertion.
  private final List<LinkedHashMap<PeerId, Entry>> buckets = new ArrayList<>();
  private final List<LinkedHashMap<PeerId, Entry>> replacements = new ArrayList<>();
  private int size;

  RoutingTable(PeerId self) {
    this(self, InstantSource.system());
  }

  RoutingTable(PeerId self, InstantSource clock) {
    this.self = KadKey.of(self);
    this.clock = clock;
    for (int i = 0; i <= KadKey.BITS; i++) {
      buckets.add(new LinkedHashMap<>());
      replacements.add(new LinkedHashMap<>());
    }
  }

  /**
   * Records that {@code peer} answered or contacted us: it joins or moves to the back of its
   * bucket, replacing a stale member if the bucket is full, or waits in the replacement cache.
   *
   * @return whether the peer is in the table now
   */
  synchronized boolean seen(PeerId peer) {
    KadKey key = KadKey.of(peer);
    int cpl = self.commonPrefixLength(key);
    if (cpl == KadKey.BITS) {
      return false; // ourselves
    }
    LinkedHashMap<PeerId, Entry> bucket = buckets.get(cpl);
    Entry e = bucket.remove(peer);
    if (e != null) {
      e.failures = 0;
      bucket.put(peer, e);
      return true;
    }
    if (bucket.size() < K) {
      bucket.put(peer, new Entry(peer, key));
      size++;
      return true;
    }
    for (Iterator<Entry> it = bucket.values().iterator(); it.hasNext(); ) {
      if (it.next().failures > 0) {
        it.remove();
        bucket.put(peer, new Entry(peer, key));
        return true;
      }
    }
    LinkedHashMap<PeerId, Entry> cache = replacements.get(cpl);
    cache.remove(peer);
    cache.put(peer, new Entry(peer, key));
    if (cache.size() > K) {
      cache.remove(cache.keySet().iterator().next());
    }
    return false;
  }

  /**
   * Records that {@code peer} answered a query of this node, with peers or providers ({@code
   * useful}) or without; a peer not in the table is left out.
   */
  synchronized void answered(PeerId peer, boolean useful) {
    int cpl = self.commonPrefixLength(KadKey.of(peer));
    Entry e = cpl == KadKey.BITS ? null : buckets.get(cpl).get(peer);
    if (e != null) {
      Instant now = clock.instant();
      e.lastQueried = now;
      if (useful) {
        e.lastUseful = now;
      }
    }
  }

  /** Records that a query to {@code peer} failed; evicts it after {@link #MAX_FAILURES}. */
  synchronized void failed(PeerId peer) {
    int cpl = self.commonPrefixLength(KadKey.of(peer));
    if (cpl == KadKey.BITS) {
      return;
    }
    LinkedHashMap<PeerId, Entry> bucket = buckets.get(cpl);
    Entry e = bucket.get(peer);
    if (e == null) {
      replacements.get(cpl).remove(peer);
      return;
    }
    if (++e.failures >= MAX_FAILURES) {
      remove(peer);
    }
  }

  /** Removes a peer, promoting the most recently seen replacement of its bucket. */
  synchronized void remove(PeerId peer) {
    int cpl = self.commonPrefixLength(KadKey.of(peer));
    if (cpl == KadKey.BITS || buckets.get(cpl).remove(peer) == null) {
      return;
    }
    size--;
    LinkedHashMap<PeerId, Entry> cache = replacements.get(cpl);
    if (!cache.isEmpty()) {
      Entry newest = null;
      for (Entry r : cache.values()) {
        newest = r;
      }
      cache.remove(newest.peer);
      buckets.get(cpl).put(newest.peer, newest);
      size++;
    }
  }

  synchronized boolean contains(PeerId peer) {
    int cpl = self.commonPrefixLength(KadKey.of(peer));
    return cpl < KadKey.BITS && buckets.get(cpl).containsKey(peer);
  }

  /** The up to {@code count} peers closest to {@code target}, closest first. */
  synchronized List<PeerId> closest(KadKey target, int count) {
    List<Entry> all = new ArrayList<>(size);
    for (Map<PeerId, Entry> b : buckets) {
      all.addAll(b.values());
    }
    Comparator<Entry> byDistance = (a, b) -> target.compareDistance(a.key, b.key);
    all.sort(byDistance);
    List<PeerId> out = new ArrayList<>(Math.min(count, all.size()));
    for (int i = 0; i < all.size() && i < count; i++) {
      out.add(all.get(i).peer);
    }
    return out;
  }

  synchronized int size() {
    return size;
  }

  /** Every peer in the table. */
  synchronized List<PeerId> peers() {
    List<PeerId> out = new ArrayList<>(size);
    for (Map<PeerId, Entry> b : buckets) {
      out.addAll(b.keySet());
    }
    return out;
  }

  /** Every member with its bucket (the common prefix length) and times, by bucket. */
  synchronized List<Kademlia.TablePeer> entries() {
    List<Kademlia.TablePeer> out = new ArrayList<>(size);
    for (int cpl = 0; cpl < buckets.size(); cpl++) {
      for (Entry e : buckets.get(cpl).values()) {
        out.add(
            new Kademlia.TablePeer(
                e.peer,
                cpl,
                Optional.ofNullable(e.lastUseful),
                Optional.ofNullable(e.lastQueried)));
      }
    }
    return out;
  }
}
