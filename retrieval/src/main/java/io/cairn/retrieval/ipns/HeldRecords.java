package io.cairn.retrieval.ipns;

import io.cairn.storage.PeerId;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The best record held for each name, as IPNS over pubsub received or published it: every record is
 * validated against its name before it is kept, a record replaces the one held only when it is
 * better ({@link IpnsRecord#compare}: sequence, then end of life), expired records are dropped, and
 * at most {@code capacity} names are held (the least recently used go first).
 */
final class HeldRecords {
  /** What offering a record did. */
  enum Outcome {
    /** The record is now the best held for its name. */
    NEWER,
    /** The held record is as good or better; nothing changed. */
    KEPT_HELD
  }

  private final int capacity;
  private final InstantSource clock;
  private final Map<PeerId, IpnsRecord> records = new LinkedHashMap<>(16, 0.75f, true);

  HeldRecords(int capacity, InstantSource clock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
    }
    this.capacity = capacity;
    this.clock = clock;
  }

  /**
   * Keeps {@code record} for {@code name} if it is valid and better than the record held.
   *
   * @throws IpnsException if the record is not a valid record of {@code name} now
   */
  synchronized Outcome offer(PeerId name, IpnsRecord record) {
    record.validate(name, clock.instant());
    IpnsRecord held = current(name);
    if (held != null && IpnsRecord.compare(record, held) <= 0) {
      return Outcome.KEPT_HELD;
    }
    records.put(name, record);
    if (records.size() > capacity) {
      dropExpired();
    }
    Iterator<PeerId> eldest = records.keySet().iterator();
    while (records.size() > capacity) {
      eldest.next();
      eldest.remove();
    }
    return Outcome.NEWER;
  }

  /** The record held for {@code name}, unless it expired (it is then dropped). */
  synchronized Optional<IpnsRecord> get(PeerId name) {
    return Optional.ofNullable(current(name));
  }

  synchronized int size() {
    return records.size();
  }

  private IpnsRecord current(PeerId name) {
    IpnsRecord r = records.get(name);
    if (r != null && r.validity().isBefore(clock.instant())) {
      records.remove(name);
      return null;
    }
    return r;
  }

  private void dropExpired() {
    records.values().removeIf(r -> r.validity().isBefore(clock.instant()));
  }
}
