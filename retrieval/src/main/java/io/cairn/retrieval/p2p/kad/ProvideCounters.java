package io.cairn.retrieval.p2p.kad;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the provider counts as it announces: operations under way, totals since start, and each
 * region's last reprovide (so the last cycle's figures are one pass over the regions). Atomic
 * counters and one small lock for the per-region slots; nothing here blocks for long.
 */
final class ProvideCounters {
  /** The outcome of one region's announcement. */
  record Outcome(int records, int keysProvided, int keysFailed, long holders, int peers, int took) {
    static final Outcome NONE = new Outcome(0, 0, 0, 0, 0, 0);
  }

  private final AtomicInteger regionProvides = new AtomicInteger();
  private final AtomicInteger keyProvides = new AtomicInteger();
  private final AtomicInteger regionReprovides = new AtomicInteger();
  private final AtomicInteger keyReprovides = new AtomicInteger();
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong keysProvided = new AtomicLong();
  private final AtomicLong keysFailed = new AtomicLong();
  private final AtomicLong holders = new AtomicLong();
  private final AtomicLong keysCounted = new AtomicLong();
  private final AtomicLong provideKeys = new AtomicLong();
  private final AtomicLong provideNanos = new AtomicLong();

  // the last reprovide of each region: when it ended (0: never), how long, keys, peers, reachable
  private final long[] endedMillis;
  private final long[] nanos;
  private final int[] keys;
  private final int[] peers;
  private final int[] reachable;

  ProvideCounters(int regions) {
    endedMillis = new long[regions];
    nanos = new long[regions];
    keys = new int[regions];
    peers = new int[regions];
    reachable = new int[regions];
  }

  /** Marks an announcement of {@code n} keys of one region as started. */
  void started(boolean reprovide, int n) {
    (reprovide ? regionReprovides : regionProvides).incrementAndGet();
    (reprovide ? keyReprovides : keyProvides).addAndGet(n);
  }

  /** Marks it as ended, with its outcome and how long it took. */
  void ended(boolean reprovide, int region, int n, Outcome o, long tookNanos, long nowMillis) {
    (reprovide ? regionReprovides : regionProvides).decrementAndGet();
    (reprovide ? keyReprovides : keyProvides).addAndGet(-n);
    records.addAndGet(o.records());
    keysProvided.addAndGet(o.keysProvided());
    keysFailed.addAndGet(o.keysFailed());
    holders.addAndGet(o.holders());
    keysCounted.addAndGet(o.keysProvided() + o.keysFailed());
    if (!reprovide) {
      provideKeys.addAndGet(o.keysProvided());
      provideNanos.addAndGet(tookNanos);
      return;
    }
    synchronized (this) {
      endedMillis[region] = nowMillis;
      nanos[region] = tookNanos;
      keys[region] = o.keysProvided();
      peers[region] = o.peers();
      reachable[region] = o.took();
    }
  }

  ProvideStats.Ongoing ongoing() {
    return new ProvideStats.Ongoing(
        regionProvides.get(), keyProvides.get(), regionReprovides.get(), keyReprovides.get());
  }

  /** Mean peers that took each key's record, since start; 0 before any. */
  double avgHolders() {
    long n = keysCounted.get();
    return n == 0 ? 0 : (double) holders.get() / n;
  }

  /** The last cycle: the region reprovides that ended after {@code sinceMillis}. */
  synchronized LastCycle lastCycle(long sinceMillis) {
    long regions = 0;
    long totalNanos = 0;
    long totalKeys = 0;
    int totalPeers = 0;
    int totalReachable = 0;
    for (int r = 0; r < endedMillis.length; r++) {
      if (endedMillis[r] != 0 && endedMillis[r] > sinceMillis) {
        regions++;
        totalNanos += nanos[r];
        totalKeys += keys[r];
        totalPeers += peers[r];
        totalReachable += reachable[r];
      }
    }
    return new LastCycle(regions, totalNanos, totalKeys, totalPeers, totalReachable);
  }

  /** The totals of the last cycle's region reprovides. */
  record LastCycle(long regions, long nanos, long keys, int peers, int reachable) {}

  ProvideStats.Past past(LastCycle last) {
    long pn = provideNanos.get();
    double providedPerMinute = pn == 0 ? 0 : provideKeys.get() / (pn / 60e9);
    double reprovidedPerMinute = last.nanos() == 0 ? 0 : last.keys() / (last.nanos() / 60e9);
    return new ProvideStats.Past(
        records.get(),
        keysProvided.get(),
        keysFailed.get(),
        providedPerMinute,
        reprovidedPerMinute,
        last.regions() == 0 ? Duration.ZERO : Duration.ofNanos(last.nanos() / last.regions()),
        last.regions() == 0 ? 0 : (double) last.keys() / last.regions(),
        last.regions());
  }
}
