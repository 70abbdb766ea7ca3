package io.cairn.retrieval.p2p.pubsub;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The message IDs seen within the TTL (first-seen: an ID is forgotten its TTL after it was first
 * added, as go-libp2p-pubsub's default strategy), at most {@code max} of them, oldest forgotten
 * first. Not thread-safe: the engine holds its lock.
 */
final class SeenCache {
  private final long ttlNanos;
  private final int max;
  private final LongSupplier clock;
  private final LinkedHashMap<String, Long> added = new LinkedHashMap<>();

  SeenCache(Duration ttl, int max, LongSupplier nanoClock) {
    this.ttlNanos = ttl.toNanos();
    this.max = max;
    this.clock = nanoClock;
  }

  /** Adds the ID; false if it was already there (seen within the TTL). */
  boolean add(String id) {
    long now = clock.getAsLong();
    expire(now);
    if (added.containsKey(id)) {
      return false;
    }
    added.put(id, now);
    if (added.size() > max) {
      Iterator<String> oldest = added.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    return true;
  }

  boolean contains(String id) {
    expire(clock.getAsLong());
    return added.containsKey(id);
  }

  int size() {
    return added.size();
  }

  private void expire(long now) {
    Iterator<Map.Entry<String, Long>> it = added.entrySet().iterator();
    while (it.hasNext()) {
      if (now - it.next().getValue() < ttlNanos) {
        return;
      }
      it.remove();
    }
  }
}
