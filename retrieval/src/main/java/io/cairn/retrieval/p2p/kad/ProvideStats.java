package io.cairn.retrieval.p2p.kad;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of the provide system, in the sections of go-libp2p-kad-dht's sweep provider stats
 * (what Kubo's {@code provide stat} shows). Only what this node measures is here; the sections it
 * has no notion of (a worker pool, a maximum reprovide delay) are left out.
 *
 * @param closed whether the DHT was stopped
 * @param connectivity {@code online} (peers in the routing table), {@code disconnected} (none now,
 *     some before) or {@code offline} (never any)
 */
public record ProvideStats(
    boolean closed,
    String connectivity,
    Queues queues,
    Schedule schedule,
    Timing timing,
    Ongoing ongoing,
    Past past,
    Network network) {

  /**
   * The work waiting.
   *
   * @param pendingKeys keys waiting for their first announcement (or a one-off one)
   * @param pendingRegions the regions those keys fall in (one lookup each)
   * @param pendingRegionReprovides regions of the sweep whose time has come but not yet reprovided
   */
  public record Queues(long pendingKeys, long pendingRegions, long pendingRegionReprovides) {}

  /**
   * The reprovide schedule.
   *
   * @param keys the keys this node reprovides
   * @param regions the regions holding at least one of them
   * @param prefixLength the bits of a region's prefix (all regions have the same)
   * @param nextPrefix the next region's prefix as a bit string ({@code ""} with one region)
   * @param nextReprovideAt when the next region is due
   */
  public record Schedule(
      long keys, long regions, int prefixLength, String nextPrefix, Instant nextReprovideAt) {}

  /**
   * Times.
   *
   * @param uptime since the DHT started
   * @param interval the reprovide interval
   * @param cycleStart when the current sweep began
   * @param offset how far into the current sweep now is
   */
  public record Timing(Duration uptime, Duration interval, Instant cycleStart, Duration offset) {}

  /** Announcements under way: first provides (and one-offs), and reprovides of the sweep. */
  public record Ongoing(
      int regionProvides, int keyProvides, int regionReprovides, int keyReprovides) {}

  /**
   * Announcements done since start.
   *
   * @param records ADD_PROVIDER messages delivered
   * @param keysProvided keys at least one peer took a record of
   * @param keysFailed keys no peer took a record of
   * @param keysProvidedPerMinute keys provided per minute of provide work (reprovides apart)
   * @param keysReprovidedPerMinute keys reprovided per minute of reprovide work, last cycle
   * @param regionReprovideDuration mean time a region's reprovide took, last cycle
   * @param avgKeysPerReprovide mean keys per region reprovide, last cycle
   * @param regionsReprovidedLastCycle region reprovides (with keys) in the last cycle
   */
  public record Past(
      long records,
      long keysProvided,
      long keysFailed,
      double keysProvidedPerMinute,
      double keysReprovidedPerMinute,
      Duration regionReprovideDuration,
      double avgKeysPerReprovide,
      long regionsReprovidedLastCycle) {}

  /**
   * The network as the reprovides of the last cycle met it.
   *
   * @param peers peers the region lookups found
   * @param reachable of those, the peers that took records
   * @param completeKeyspaceCoverage whether a whole sweep of the keyspace ended within the last
   *     interval
   * @param avgHolders mean number of peers that took each key's record, since start
   * @param replicationFactor the peers each record is sent to (k)
   * @param lastSweep when the last whole sweep ended
   */
  public record Network(
      int peers,
      int reachable,
      boolean completeKeyspaceCoverage,
      double avgHolders,
      int replicationFactor,
      Optional<Instant> lastSweep) {}
}
