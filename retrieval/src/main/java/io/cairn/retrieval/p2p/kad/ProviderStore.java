package io.cairn.retrieval.p2p.kad;

import io.cairn.storage.KeyValueTable;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.Multihash;
import io.cairn.storage.PeerId;
import io.cairn.storage.codec.Protobuf;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provider records this node holds for others, in a {@link KeyValueTable}: the key is the
 * multihash's bytes followed by the provider's peer ID bytes (a multihash is prefix-free, so a scan
 * by multihash finds exactly its providers); the value is when the record was received and the
 * provider's addresses. Records are valid for {@link #VALIDITY} after they were received; reads
 * skip expired ones and {@link #sweep()} deletes them.
 */
final class ProviderStore {
  /** How long a provider record is valid (libp2p kad-dht: 48 hours). */
  static final Duration VALIDITY = Duration.ofHours(48);

  private static final Logger LOG = LoggerFactory.getLogger(ProviderStore.class);

  /** A provider of a key and the addresses it announced. */
  record Provider(PeerId peer, List<Multiaddr> addrs, Instant received) {}

  /** The most records held, so that peers announcing without end cannot fill the disk. */
  static final long DEFAULT_MAX_RECORDS = 1_000_000;

  /** The most records of one provider: a tenth of the store, so one peer cannot take it all. */
  static final int DEFAULT_MAX_PER_PROVIDER = 100_000;

  /** The most providers of one key (a reader asks for 20). */
  static final int DEFAULT_MAX_PER_KEY = 1_000;

  private final KeyValueTable table;
  private final InstantSource clock;
  private final long maxRecords;
  private final int maxPerProvider;
  private final int maxPerKey;
  private final AtomicLong records = new AtomicLong();

  /** Records per provider; changed under this store's lock. */
  private final Map<PeerId, Integer> perProvider = new HashMap<>();

  ProviderStore(KeyValueTable table, InstantSource clock) {
    this(table, clock, DEFAULT_MAX_RECORDS, DEFAULT_MAX_PER_PROVIDER, DEFAULT_MAX_PER_KEY);
  }

  ProviderStore(KeyValueTable table, InstantSource clock, long maxRecords) {
    this(table, clock, maxRecords, DEFAULT_MAX_PER_PROVIDER, DEFAULT_MAX_PER_KEY);
  }

  ProviderStore(
      KeyValueTable table,
      InstantSource clock,
      long maxRecords,
      int maxPerProvider,
      int maxPerKey) {
    this.table = table;
    this.clock = clock;
    this.maxRecords = maxRecords;
    this.maxPerProvider = maxPerProvider;
    this.maxPerKey = maxPerKey;
    try (Stream<Map.Entry<byte[], byte[]>> s = table.scan(new byte[0])) {
      s.forEach(
          e -> {
            records.incrementAndGet();
            PeerId p = providerOf(e.getKey());
            if (p != null) {
              perProvider.merge(p, 1, Integer::sum);
            }
          });
    }
  }

  /**
   * Adds or refreshes {@code peer} as a provider of {@code key}.
   *
   * @return false if the record is new and the store already holds its maximum, the provider its
   *     maximum of records, or the key its maximum of providers
   */
  synchronized boolean add(Multihash key, PeerId peer, List<Multiaddr> addrs) {
    byte[] k = recordKey(key, peer);
    if (table.get(k).isEmpty()) {
      if (records.get() >= maxRecords
          || perProvider.getOrDefault(peer, 0) >= maxPerProvider
          || providersOf(key) >= maxPerKey) {
        return false;
      }
      records.incrementAndGet();
      perProvider.merge(peer, 1, Integer::sum);
    }
    Protobuf.Writer w = new Protobuf.Writer();
    w.varint(1, clock.millis());
    for (Multiaddr a : addrs) {
      w.bytes(2, a.bytes());
    }
    table.put(k, w.toByteArray());
    return true;
  }

  private long providersOf(Multihash key) {
    try (Stream<Map.Entry<byte[], byte[]>> s = table.scan(key.bytes())) {
      return s.limit(maxPerKey).count();
    }
  }

  /** The provider of a record's key, or null when the key does not decode. */
  private static PeerId providerOf(byte[] recordKey) {
    try {
      int mhLength = Multihash.read(java.nio.ByteBuffer.wrap(recordKey)).encodedLength();
      return PeerId.decode(Arrays.copyOfRange(recordKey, mhLength, recordKey.length));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The number of records held, expired ones not yet swept included. */
  long size() {
    return records.get();
  }

  /** The unexpired providers of {@code key}, at most {@code limit}. */
  List<Provider> get(Multihash key, int limit) {
    byte[] prefix = key.bytes();
    Instant now = clock.instant();
    List<Provider> out = new ArrayList<>();
    try (Stream<Map.Entry<byte[], byte[]>> s = table.scan(prefix)) {
      for (var it = s.iterator(); it.hasNext() && out.size() < limit; ) {
        var e = it.next();
        Provider p = decode(e.getKey(), prefix.length, e.getValue());
        if (p != null && !expired(p, now)) {
          out.add(p);
        }
      }
    }
    return out;
  }

  /**
   * Deletes every expired record (and any that no longer decode).
   *
   * @return the number of records deleted
   */
  synchronized int sweep() {
    Instant now = clock.instant();
    List<byte[]> doomed = new ArrayList<>();
    try (Stream<Map.Entry<byte[], byte[]>> s = table.scan(new byte[0])) {
      s.forEach(
          e -> {
            int mhLength;
            try {
              mhLength = Multihash.read(java.nio.ByteBuffer.wrap(e.getKey())).encodedLength();
            } catch (IllegalArgumentException bad) {
              doomed.add(e.getKey());
              return;
            }
            Provider p = decode(e.getKey(), mhLength, e.getValue());
            if (p == null || expired(p, now)) {
              doomed.add(e.getKey());
            }
          });
    }
    for (byte[] k : doomed) {
      table.delete(k);
      PeerId p = providerOf(k);
      if (p != null) {
        perProvider.computeIfPresent(p, (x, n) -> n == 1 ? null : n - 1);
      }
    }
    records.addAndGet(-doomed.size());
    if (!doomed.isEmpty()) {
      LOG.debug("Deleted {} expired provider records", doomed.size());
    }
    return doomed.size();
  }

  private static boolean expired(Provider p, Instant now) {
    return !p.received().plus(VALIDITY).isAfter(now);
  }

  private static byte[] recordKey(Multihash key, PeerId peer) {
    byte[] mh = key.bytes();
    byte[] id = peer.bytes();
    byte[] out = Arrays.copyOf(mh, mh.length + id.length);
    System.arraycopy(id, 0, out, mh.length, id.length);
    return out;
  }

  private static Provider decode(byte[] key, int mhLength, byte[] value) {
    try {
      PeerId peer = PeerId.decode(Arrays.copyOfRange(key, mhLength, key.length));
      Protobuf.Reader r = new Protobuf.Reader(value, "provider record");
      long received = -1;
      List<Multiaddr> addrs = new ArrayList<>();
      while (r.next()) {
        switch (r.field()) {
          case 1 -> received = r.expect(Protobuf.VARINT, "received").varint();
          case 2 ->
              addrs.add(Multiaddr.decode(r.expect(Protobuf.LENGTH_DELIMITED, "addr").bytes()));
          default -> r.skip();
        }
      }
      return received < 0 ? null : new Provider(peer, addrs, Instant.ofEpochMilli(received));
    } catch (IllegalArgumentException e) {
      LOG.warn("Provider record is damaged and will be swept: {}", e.getMessage());
      return null;
    }
  }
}
