package io.cairn.retrieval.p2p.kad;

import io.cairn.storage.HashFunction;
import io.cairn.storage.KeyValueTable;
import io.cairn.storage.Multihash;
import io.cairn.storage.PeerId;
import io.cairn.storage.codec.Protobuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this node provides, reprovided as a sweep of the keyspace. Each multihash is kept under its
 * keyspace position sha256(multihash), so the keys of a region (all positions sharing a prefix of
 * {@code regionBits} bits) are one range scan away; a region is reprovided with one lookup, which
 * explores the region's peers, and the k closest of those peers to each key get its ADD_PROVIDER,
 * several per stream. The schedule (the next region, when the current sweep began, when the last
 * one ended) is kept in a table, so a restart resumes where the sweep stopped.
 */
final class SweepReprovider {
  private static final Logger LOG = LoggerFactory.getLogger(SweepReprovider.class);

  /** The most peers a region's lookup queries beyond the k closest. */
  static final int EXPLORE_CAP = 8 * RoutingTable.K;

  private static final byte[] SCHEDULE = "schedule".getBytes(StandardCharsets.US_ASCII);

  /** The persistent part of the schedule. */
  record Schedule(int regionBits, int nextRegion, long cycleStartMillis, long lastSweepMillis) {
    byte[] encode() {
      return new Protobuf.Writer()
          .varint(1, regionBits)
          .varint(2, nextRegion)
          .varint(3, cycleStartMillis)
          .varint(4, lastSweepMillis)
          .toByteArray();
    }

    static Schedule decode(byte[] bytes) {
      Protobuf.Reader r = new Protobuf.Reader(bytes, "reprovide schedule");
      long[] v = new long[5];
      while (r.next()) {
        if (r.field() >= 1 && r.field() <= 4) {
          v[r.field()] = r.expect(Protobuf.VARINT, "field " + r.field()).varint();
        } else {
          r.skip();
        }
      }
      return new Schedule((int) v[1], (int) v[2], v[3], v[4]);
    }
  }

  private final KadEngine engine;
  private final Lookups lookups;
  private final KeyValueTable keys;
  private final KeyValueTable scheduleTable;
  private final InstantSource clock;
  private final int regionBits;
  private final Duration interval;
  private final AtomicLong keyCount = new AtomicLong();
  private final AtomicLong regionsReprovided = new AtomicLong();
  private final AtomicIntegerArray regionKeys;
  private final ProvideCounters counters;
  private Schedule schedule;

  SweepReprovider(
      KadEngine engine,
      Lookups lookups,
      KeyValueTable keys,
      KeyValueTable scheduleTable,
      InstantSource clock,
      int regionBits,
      Duration interval) {
    this.engine = engine;
    this.lookups = lookups;
    this.keys = keys;
    this.scheduleTable = scheduleTable;
    this.clock = clock;
    this.regionBits = regionBits;
    this.interval = interval;
    Schedule saved = scheduleTable.get(SCHEDULE).map(Schedule::decode).orElse(null);
    if (saved == null || saved.regionBits() != regionBits) {
      // First start, or the region size changed: begin a sweep now, from region 0.
      saved =
          new Schedule(regionBits, 0, clock.millis(), saved == null ? 0 : saved.lastSweepMillis());
      scheduleTable.put(SCHEDULE, saved.encode());
    }
    this.schedule = saved;
    this.regionKeys = new AtomicIntegerArray(regions());
    this.counters = new ProvideCounters(regions());
    try (Stream<Map.Entry<byte[], byte[]>> s = keys.scan(new byte[0])) {
      s.forEach(
          e -> {
            keyCount.incrementAndGet();
            regionKeys.incrementAndGet(region(KadKey.ofPosition(positionOf(e.getKey()))));
          });
    }
  }

  private static byte[] positionOf(byte[] storedKey) {
    return Arrays.copyOf(storedKey, KadKey.BYTES);
  }

  ProvideCounters counters() {
    return counters;
  }

  /** The regions holding at least one key. */
  int regionsWithKeys() {
    int n = 0;
    for (int r = 0; r < regionKeys.length(); r++) {
      if (regionKeys.get(r) > 0) {
        n++;
      }
    }
    return n;
  }

  /** The regions of the current sweep whose time has come but that are not reprovided yet. */
  synchronized int regionsOverdue(long nowMillis) {
    long elapsed = nowMillis - schedule.cycleStartMillis();
    if (elapsed < 0) {
      return 0;
    }
    long due = Math.min(regions(), elapsed * regions() / interval.toMillis() + 1);
    return (int) Math.max(0, due - schedule.nextRegion());
  }

  /** A region's prefix as a bit string ({@code ""} when the keyspace is one region). */
  String prefix(int region) {
    StringBuilder sb = new StringBuilder();
    for (int i = regionBits - 1; i >= 0; i--) {
      sb.append((region >>> i) & 1);
    }
    return sb.toString();
  }

  int regionBits() {
    return regionBits;
  }

  Duration interval() {
    return interval;
  }

  int regions() {
    return 1 << regionBits;
  }

  synchronized Schedule schedule() {
    return schedule;
  }

  long keyCount() {
    return keyCount.get();
  }

  long regionsReprovided() {
    return regionsReprovided.get();
  }

  /** When the next region is due. */
  synchronized Instant nextDue() {
    return Instant.ofEpochMilli(
        schedule.cycleStartMillis() + interval.toMillis() * schedule.nextRegion() / regions());
  }

  /** Adds keys to what this node provides; returns those that were new. */
  List<Multihash> add(Collection<Multihash> multihashes) {
    List<Multihash> added = new ArrayList<>();
    for (Multihash mh : multihashes) {
      byte[] k = storedKey(mh);
      if (keys.get(k).isEmpty()) {
        keys.put(k, new byte[0]);
        keyCount.incrementAndGet();
        regionKeys.incrementAndGet(region(KadKey.of(mh)));
        added.add(mh);
      }
    }
    return added;
  }

  /** Whether this node provides {@code mh}. */
  boolean provides(Multihash mh) {
    return keys.get(storedKey(mh)).isPresent();
  }

  /** Stops providing a key at the next sweep. */
  void remove(Multihash mh) {
    byte[] k = storedKey(mh);
    if (keys.get(k).isPresent()) {
      keys.delete(k);
      keyCount.decrementAndGet();
      regionKeys.decrementAndGet(region(KadKey.of(mh)));
    }
  }

  /** Provides {@code multihashes} now: one lookup per region they fall in. */
  CompletableFuture<Integer> provide(Collection<Multihash> multihashes) {
    Map<Integer, List<Multihash>> byRegion = new TreeMap<>();
    for (Multihash mh : multihashes) {
      byRegion.computeIfAbsent(region(KadKey.of(mh)), r -> new ArrayList<>()).add(mh);
    }
    List<CompletableFuture<Integer>> all = new ArrayList<>();
    for (var e : byRegion.entrySet()) {
      all.add(provideRegion(e.getKey(), e.getValue(), false));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(v -> all.stream().mapToInt(CompletableFuture::join).sum());
  }

  /**
   * Reprovides the region the schedule names next and advances the schedule.
   *
   * @return the number of ADD_PROVIDER messages sent
   */
  CompletableFuture<Integer> reprovideNextRegion() {
    int region;
    synchronized (this) {
      region = schedule.nextRegion();
    }
    List<Multihash> inRegion = keysOf(region);
    CompletableFuture<Integer> work =
        inRegion.isEmpty()
            ? CompletableFuture.completedFuture(0)
            : provideRegion(region, inRegion, true);
    return work.handle(
        (sent, error) -> {
          if (error != null) {
            LOG.warn("Reproviding region {} failed: {}", region, error.getMessage());
          }
          advance(region);
          return sent == null ? 0 : sent;
        });
  }

  private synchronized void advance(int region) {
    if (schedule.nextRegion() != region) {
      return; // someone else advanced it
    }
    regionsReprovided.incrementAndGet();
    if (region + 1 < regions()) {
      schedule =
          new Schedule(
              regionBits, region + 1, schedule.cycleStartMillis(), schedule.lastSweepMillis());
    } else {
      long now = clock.millis();
      long next = schedule.cycleStartMillis() + interval.toMillis();
      // Far behind (the node was off): start the next sweep now rather than catching up.
      schedule =
          new Schedule(regionBits, 0, Math.max(next, now - interval.toMillis() / regions()), now);
    }
    scheduleTable.put(SCHEDULE, schedule.encode());
  }

  /** The region a position falls in: its first {@code regionBits} bits. */
  int region(KadKey key) {
    int r = 0;
    for (int i = 0; i < regionBits; i++) {
      r = (r << 1) | key.bit(i);
    }
    return r;
  }

  /** The first position of region {@code r}. */
  KadKey regionStart(int r) {
    byte[] p = new byte[KadKey.BYTES];
    for (int i = 0; i < regionBits; i++) {
      if (((r >>> (regionBits - 1 - i)) & 1) != 0) {
        p[i >>> 3] |= (byte) (0x80 >>> (i & 7));
      }
    }
    return KadKey.ofPosition(p);
  }

  /** The keys of region {@code r}: one range scan. */
  List<Multihash> keysOf(int r) {
    KadKey start = regionStart(r);
    byte[] prefix = Arrays.copyOf(start.bytes(), regionBits / 8);
    List<Multihash> out = new ArrayList<>();
    try (Stream<Map.Entry<byte[], byte[]>> s = keys.scan(prefix)) {
      s.forEach(
          e -> {
            byte[] k = e.getKey();
            if (KadKey.ofPosition(Arrays.copyOf(k, KadKey.BYTES)).hasPrefix(start, regionBits)) {
              out.add(Multihash.decode(Arrays.copyOfRange(k, KadKey.BYTES, k.length)));
            }
          });
    }
    return out;
  }

  /**
   * One lookup for the region, then ADD_PROVIDER to the k closest answered peers of each key,
   * counted as a first provide or as a reprovide of the sweep.
   *
   * @return the number of ADD_PROVIDER messages delivered
   */
  CompletableFuture<Integer> provideRegion(
      int region, List<Multihash> regionKeys, boolean reprovide) {
    KadKey start = regionStart(region);
    byte[] probe = probeKey(start);
    int n = regionKeys.size();
    long began = System.nanoTime();
    counters.started(reprovide, n);
    return lookups
        .run(KadMessage.Type.FIND_NODE, probe, List.of(), m -> false, regionBits, EXPLORE_CAP)
        .thenCompose(peers -> sendProvides(peers, regionKeys))
        .handle(
            (outcome, error) -> {
              ProvideCounters.Outcome o =
                  error == null ? outcome : new ProvideCounters.Outcome(0, 0, n, 0, 0, 0);
              counters.ended(reprovide, region, n, o, System.nanoTime() - began, clock.millis());
              if (error != null) {
                throw error instanceof CompletionException ce ? ce : new CompletionException(error);
              }
              return o.records();
            });
  }

  private CompletableFuture<ProvideCounters.Outcome> sendProvides(
      List<PeerId> peers, List<Multihash> regionKeys) {
    Map<PeerId, KadKey> positions = new HashMap<>();
    peers.forEach(p -> positions.put(p, KadKey.of(p)));
    KadMessage.Peer self =
        engine.peerInfo(engine.host().self(), engine.host().announcedAddresses());
    Map<PeerId, List<KadMessage>> batches = new LinkedHashMap<>();
    for (Multihash mh : regionKeys) {
      KadKey target = KadKey.of(mh);
      List<PeerId> sorted = new ArrayList<>(peers);
      sorted.sort((a, b) -> target.compareDistance(positions.get(a), positions.get(b)));
      KadMessage add =
          KadMessage.reply(KadMessage.Type.ADD_PROVIDER, mh.bytes(), List.of(), List.of(self));
      for (PeerId p : sorted.subList(0, Math.min(RoutingTable.K, sorted.size()))) {
        batches.computeIfAbsent(p, x -> new ArrayList<>()).add(add);
      }
    }
    List<PeerId> targets = new ArrayList<>(batches.keySet());
    List<CompletableFuture<Boolean>> sends = new ArrayList<>();
    for (PeerId p : targets) {
      sends.add(lookups.queries().send(p, batches.get(p)).handle((v, error) -> error == null));
    }
    return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              // every key's record went to each peer of its batch: a key is provided when one
              // of the peers it was sent to took the stream
              Map<KadMessage, Integer> holders = new IdentityHashMap<>();
              int records = 0;
              int took = 0;
              for (int i = 0; i < targets.size(); i++) {
                if (sends.get(i).join()) {
                  took++;
                  for (KadMessage m : batches.get(targets.get(i))) {
                    records++;
                    holders.merge(m, 1, Integer::sum);
                  }
                }
              }
              int provided = holders.size();
              return new ProvideCounters.Outcome(
                  records, provided, regionKeys.size() - provided, records, peers.size(), took);
            });
  }

  /**
   * A key whose position lies in the region starting at {@code start}: a sha2-256 multihash of a
   * counter, found by trying counters (about 2^regionBits tries). FIND_NODE for it lands the lookup
   * inside the region.
   */
  private byte[] probeKey(KadKey start) {
    for (long i = 0; ; i++) {
      byte[] candidate =
          HashFunction.SHA2_256.multihash(ByteBuffer.allocate(8).putLong(i).array()).bytes();
      if (KadKey.of(candidate).hasPrefix(start, regionBits)) {
        return candidate;
      }
    }
  }

  private static byte[] storedKey(Multihash mh) {
    byte[] mhBytes = mh.bytes();
    byte[] out = Arrays.copyOf(KadKey.of(mh).bytes(), KadKey.BYTES + mhBytes.length);
    System.arraycopy(mhBytes, 0, out, KadKey.BYTES, mhBytes.length);
    return out;
  }
}
