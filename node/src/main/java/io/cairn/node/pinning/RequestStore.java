package io.cairn.node.pinning;

import io.cairn.node.api.Json;
import io.cairn.storage.Cid;
import io.cairn.storage.KeyValueTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Pin requests in a table of the node's storage, so they outlive the daemon. A request's key is its
 * ID, a UUID version 7 (RFC 9562) whose leading 48 bits are its creation time in milliseconds:
 * scanning the table visits requests oldest first. Creation times are unique to the millisecond, as
 * the spec's pagination by {@code created} needs. The table also marks the CIDs whose recursive pin
 * the service made (and may therefore remove).
 */
final class RequestStore {
  static final String TABLE = "pinning-service";
  private static final byte REQUEST = 'r';
  private static final byte OWNED = 'o';

  private final KeyValueTable table;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private long lastCreated;

  RequestStore(KeyValueTable table, Clock clock) {
    this.table = table;
    this.clock = clock;
    try (Stream<PinRequest> all = all()) {
      lastCreated = all.mapToLong(r -> r.created().toEpochMilli()).max().orElse(0);
    }
  }

  /** A new request ID with a creation time later than every earlier one's. */
  synchronized UUID newId() {
    long ms = Math.max(clock.millis(), lastCreated + 1);
    lastCreated = ms;
    long hi = (ms << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
    long lo = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(hi, lo);
  }

  /** The creation time a version 7 ID carries. */
  static Instant createdOf(UUID id) {
    return Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16);
  }

  Optional<PinRequest> get(UUID id) {
    return table.get(requestKey(id)).map(RequestStore::decode);
  }

  void put(PinRequest r) {
    try {
      table.put(requestKey(r.requestid()), Json.MAPPER.writeValueAsBytes(r.toStored()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void delete(UUID id) {
    table.delete(requestKey(id));
  }

  /** Every request, oldest first; close the stream. */
  Stream<PinRequest> all() {
    Stream<Map.Entry<byte[], byte[]>> entries = table.scan(new byte[] {REQUEST});
    return entries.map(e -> decode(e.getValue())).onClose(entries::close);
  }

  /** Whether any request but {@code except} for {@code cid} still needs its pin. */
  boolean needed(Cid cid, UUID except) {
    Predicate<PinRequest> needs =
        r ->
            !r.requestid().equals(except)
                && r.status() != PinRequest.Status.FAILED
                && r.pin().cid().equals(cid);
    try (Stream<PinRequest> all = all()) {
      return all.anyMatch(needs);
    }
  }

  boolean owned(Cid cid) {
    return table.get(ownedKey(cid)).isPresent();
  }

  void setOwned(Cid cid, boolean owned) {
    if (owned) {
      table.put(ownedKey(cid), new byte[0]);
    } else {
      table.delete(ownedKey(cid));
    }
  }

  private static byte[] requestKey(UUID id) {
    return ByteBuffer.allocate(17)
        .put(REQUEST)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .array();
  }

  private static byte[] ownedKey(Cid cid) {
    byte[] b = cid.bytes();
    byte[] key = Arrays.copyOf(new byte[] {OWNED}, b.length + 1);
    System.arraycopy(b, 0, key, 1, b.length);
    return key;
  }

  private static PinRequest decode(byte[] value) {
    try {
      return PinRequest.fromStored(Json.MAPPER.readTree(value));
    } catch (IOException e) {
      throw new UncheckedIOException("a stored pin request is not valid JSON", e);
    }
  }
}
