package io.cairn.retrieval.p2p.kad;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Builds a {@link ProvideStats} from the provider's parts at one instant. */
final class ProvideStatsSnapshot {
  private ProvideStatsSnapshot() {}

  static ProvideStats of(
      SweepReprovider reprovider,
      ProvideQueue queue,
      Instant now,
      Instant startedAt,
      boolean closed,
      String connectivity) {
    SweepReprovider.Schedule s = reprovider.schedule();
    long regions = reprovider.regionsWithKeys();
    Duration interval = reprovider.interval();
    Instant cycleStart = Instant.ofEpochMilli(s.cycleStartMillis());
    Duration offset = Duration.between(cycleStart, now);
    offset = offset.isNegative() ? Duration.ZERO : offset;
    // the last cycle: region reprovides that ended within one interval (and one region's slot)
    long since =
        now.toEpochMilli() - interval.toMillis() - interval.toMillis() / reprovider.regions();
    ProvideCounters counters = reprovider.counters();
    ProvideCounters.LastCycle last = counters.lastCycle(since);
    Optional<Instant> lastSweep =
        s.lastSweepMillis() == 0
            ? Optional.empty()
            : Optional.of(Instant.ofEpochMilli(s.lastSweepMillis()));
    boolean coverage =
        lastSweep.isPresent() && Duration.between(lastSweep.get(), now).compareTo(interval) <= 0;
    return new ProvideStats(
        closed,
        connectivity,
        new ProvideStats.Queues(
            queue.keys(), queue.regions(), reprovider.regionsOverdue(now.toEpochMilli())),
        new ProvideStats.Schedule(
            reprovider.keyCount(),
            regions,
            regions == 0 ? 0 : reprovider.regionBits(),
            reprovider.prefix(s.nextRegion()),
            reprovider.nextDue()),
        new ProvideStats.Timing(
            startedAt == null ? Duration.ZERO : Duration.between(startedAt, now),
            interval,
            cycleStart,
            offset),
        counters.ongoing(),
        counters.past(last),
        new ProvideStats.Network(
            last.peers(),
            last.reachable(),
            coverage,
            counters.avgHolders(),
            RoutingTable.K,
            lastSweep));
  }
}
