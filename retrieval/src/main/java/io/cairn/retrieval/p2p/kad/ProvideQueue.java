package io.cairn.retrieval.p2p.kad;

import io.cairn.storage.Multihash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provide queue: keys waiting for their first announcement, by keyspace region, flushed {@link
 * #DELAY} after the first arrives with one lookup per region. Two kinds wait here. Keys new to the
 * reprovide sweep are already kept in the repo's schedule, so only their count per region waits
 * (the flush announces the region's keys from the schedule); one-off keys ({@code provide once})
 * are not in the schedule and wait here themselves. The queue lives in memory: clearing it, or a
 * restart, leaves the scheduled keys to the sweep. While the routing table is empty the queue is
 * kept and the flush tried again every {@link #RETRY}.
 */
final class ProvideQueue {
  private static final Logger LOG = LoggerFactory.getLogger(ProvideQueue.class);

  /** How long queued keys wait, so that the keys of one import go out together. */
  static final Duration DELAY = Duration.ofSeconds(1);

  /** How often a flush is tried again while no peer is known. */
  static final Duration RETRY = Duration.ofSeconds(5);

  private static final class Pending {
    int scheduled;
    final Set<Multihash> once = new LinkedHashSet<>();

    int keys() {
      return scheduled + once.size();
    }
  }

  private final SweepReprovider reprovider;
  private final ScheduledExecutorService scheduler;
  private final BooleanSupplier online;
  private final Map<Integer, Pending> regions = new TreeMap<>();
  private long keys;
  private boolean flushScheduled;
  private boolean held;

  ProvideQueue(
      SweepReprovider reprovider, ScheduledExecutorService scheduler, BooleanSupplier online) {
    this.reprovider = reprovider;
    this.scheduler = scheduler;
    this.online = online;
  }

  /** Queues keys just added to the schedule for their first announcement. */
  void scheduled(List<Multihash> fresh) {
    synchronized (this) {
      for (Multihash mh : fresh) {
        pending(mh).scheduled++;
        keys++;
      }
    }
    scheduleFlush(DELAY);
  }

  /**
   * Queues keys for one announcement that leaves the schedule alone.
   *
   * @return the keys that were not waiting already
   */
  List<Multihash> once(List<Multihash> multihashes) {
    List<Multihash> added = new ArrayList<>();
    synchronized (this) {
      for (Multihash mh : multihashes) {
        if (pending(mh).once.add(mh)) {
          keys++;
          added.add(mh);
        }
      }
    }
    scheduleFlush(DELAY);
    return added;
  }

  private Pending pending(Multihash mh) {
    return regions.computeIfAbsent(reprovider.region(KadKey.of(mh)), r -> new Pending());
  }

  /** Empties the queue; returns the number of keys that were waiting. */
  synchronized int clear() {
    int n = (int) keys;
    regions.clear();
    keys = 0;
    return n;
  }

  synchronized long keys() {
    return keys;
  }

  synchronized int regions() {
    return regions.size();
  }

  /**
   * TEST ONLY: while held, keys wait in the queue and no flush is scheduled, however long their
   * calls take; once released, the flush is scheduled {@link #DELAY} later as for a first key.
   */
  void hold(boolean on) {
    synchronized (this) {
      held = on;
    }
    if (!on) {
      scheduleFlush(DELAY);
    }
  }

  private void scheduleFlush(Duration delay) {
    synchronized (this) {
      if (held || flushScheduled || keys == 0) {
        return;
      }
      flushScheduled = true;
    }
    try {
      scheduler.schedule(this::flushOnSchedule, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopped) {
      synchronized (this) {
        flushScheduled = false; // the DHT is stopped: the sweep provides the scheduled keys later
      }
    }
  }

  private void flushOnSchedule() {
    synchronized (this) {
      flushScheduled = false;
    }
    if (!online.getAsBoolean()) {
      scheduleFlush(RETRY);
      return;
    }
    flush();
  }

  /**
   * Announces now every region with keys waiting (one lookup each), unless no peer is known.
   *
   * @return the number of ADD_PROVIDER messages delivered
   */
  CompletableFuture<Integer> flush() {
    if (!online.getAsBoolean()) {
      scheduleFlush(RETRY);
      return CompletableFuture.completedFuture(0);
    }
    Map<Integer, Pending> drained;
    synchronized (this) {
      drained = new TreeMap<>(regions);
      regions.clear();
      keys = 0;
    }
    List<CompletableFuture<Integer>> all = new ArrayList<>();
    for (var e : drained.entrySet()) {
      Set<Multihash> announce = new LinkedHashSet<>();
      if (e.getValue().scheduled > 0) {
        announce.addAll(reprovider.keysOf(e.getKey()));
      }
      announce.addAll(e.getValue().once);
      if (!announce.isEmpty()) {
        all.add(reprovider.provideRegion(e.getKey(), List.copyOf(announce), false));
      }
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(v -> all.stream().mapToInt(CompletableFuture::join).sum())
        .whenComplete(
            (n, e) -> {
              if (e != null) {
                LOG.warn(
                    "providing {} regions of queued keys failed: {}",
                    drained.size(),
                    e.getMessage());
              } else {
                LOG.debug("provided queued keys of {} regions: {} records", drained.size(), n);
              }
            });
  }
}
