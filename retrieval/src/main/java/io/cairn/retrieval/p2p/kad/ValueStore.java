package io.cairn.retrieval.p2p.kad;

import io.cairn.storage.KeyValueTable;
import io.cairn.storage.codec.Protobuf;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Value records (PUT_VALUE / GET_VALUE) this node holds, its own and others', in a {@link
 * KeyValueTable} keyed by the record key. Only values that pass their namespace's validator are
 * kept, a key keeps its best value (a worse one put later is refused), and a record is dropped
 * {@link #MAX_AGE} after it was received (the publisher puts it again before then), or as soon as
 * it no longer validates (an IPNS record past its end of life).
 */
final class ValueStore {
  /** How long a received record is kept (libp2p kad-dht's MaxRecordAge). */
  static final Duration MAX_AGE = Duration.ofHours(36);

  /** The largest value kept: an IPNS record is at most 10 KiB, an RSA public key about 1 KiB. */
  static final int MAX_VALUE_BYTES = 16 * 1024;

  /** The most records held, so that peers putting without end cannot fill the disk. */
  static final long DEFAULT_MAX_RECORDS = 100_000;

  private static final Logger LOG = LoggerFactory.getLogger(ValueStore.class);

  /** A value and when this node received it. */
  record Stored(byte[] value, Instant received) {}

  /** A put refused for a reason that is no fault of the sender (an older record, a full store). */
  static final class Refused extends IllegalArgumentException {
    Refused(String message) {
      super(message);
    }
  }

  private final KeyValueTable table;
  private final Validators validators;
  private final InstantSource clock;
  private final long maxRecords;
  private final AtomicLong records = new AtomicLong();

  ValueStore(KeyValueTable table, Validators validators, InstantSource clock, long maxRecords) {
    this.table = table;
    this.validators = validators;
    this.clock = clock;
    this.maxRecords = maxRecords;
    try (Stream<Map.Entry<byte[], byte[]>> s = table.scan(new byte[0])) {
      records.set(s.count());
    }
  }

  /**
   * Keeps {@code value} for {@code key} unless the key holds a better one.
   *
   * @throws Refused when the key holds a better or equal value, or the store is full
   * @throws IllegalArgumentException when the value is not valid for the key
   */
  synchronized void put(byte[] key, byte[] value) {
    if (value.length > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException(
          "a record value of " + value.length + " bytes is over the limit of " + MAX_VALUE_BYTES);
    }
    try {
      validators.requireNamespace(key);
    } catch (IllegalArgumentException e) {
      // Refused as libp2p's servers refuse them: no fault of a peer that keeps records of a
      // namespace this node does not.
      throw new Refused(e.getMessage());
    }
    validators.validate(key, value);
    Optional<Stored> existing = get(key);
    if (existing.isPresent()) {
      byte[] old = existing.get().value();
      if (java.util.Arrays.equals(old, value)) {
        store(key, value);
        return;
      }
      if (validators.select(key, List.of(value, old)) != 0) {
        throw new Refused("the record held for this key is newer than the one put");
      }
    } else if (records.get() >= maxRecords) {
      throw new Refused("the record store is full (" + maxRecords + " records)");
    }
    if (existing.isEmpty() && table.get(key).isEmpty()) {
      records.incrementAndGet();
    }
    store(key, value);
  }

  private void store(byte[] key, byte[] value) {
    Protobuf.Writer w = new Protobuf.Writer(value.length + 16);
    w.varint(1, clock.millis());
    w.bytes(2, value);
    table.put(key, w.toByteArray());
  }

  /**
   * The value held for {@code key}, if it is younger than {@link #MAX_AGE} and still valid; one
   * that is not is deleted.
   */
  Optional<Stored> get(byte[] key) {
    Optional<byte[]> raw = table.get(key);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    Stored s = decode(raw.get());
    if (s == null
        || !s.received().plus(MAX_AGE).isAfter(clock.instant())
        || !validators.valid(key, s.value())) {
      delete(key);
      return Optional.empty();
    }
    return Optional.of(s);
  }

  private synchronized void delete(byte[] key) {
    if (table.get(key).isPresent()) {
      table.delete(key);
      records.decrementAndGet();
    }
  }

  /** The number of records held, stale ones not yet swept included. */
  long size() {
    return records.get();
  }

  /**
   * Deletes every record past its age or no longer valid.
   *
   * @return the number deleted
   */
  int sweep() {
    List<byte[]> keys = new ArrayList<>();
    try (Stream<Map.Entry<byte[], byte[]>> s = table.scan(new byte[0])) {
      s.forEach(e -> keys.add(e.getKey()));
    }
    int deleted = 0;
    for (byte[] k : keys) {
      if (get(k).isEmpty()) {
        deleted++;
      }
    }
    if (deleted > 0) {
      LOG.debug("Deleted {} stale value records", deleted);
    }
    return deleted;
  }

  private static Stored decode(byte[] raw) {
    try {
      Protobuf.Reader r = new Protobuf.Reader(raw, "value record");
      long received = -1;
      byte[] value = null;
      while (r.next()) {
        switch (r.field()) {
          case 1 -> received = r.expect(Protobuf.VARINT, "received").varint();
          case 2 -> value = r.expect(Protobuf.LENGTH_DELIMITED, "value").bytes();
          default -> r.skip();
        }
      }
      return received < 0 || value == null
          ? null
          : new Stored(value, Instant.ofEpochMilli(received));
    } catch (IllegalArgumentException e) {
      LOG.warn("A value record is damaged and is dropped: {}", e.getMessage());
      return null;
    }
  }
}
