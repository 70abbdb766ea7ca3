package io.cairn.node.rpc;

import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.api.PathCommand;
import io.cairn.retrieval.p2p.kad.Kademlia;
import io.cairn.retrieval.p2p.kad.ProvideStats;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code provide/stat} (and Kubo's deprecated alias {@code stats/provide}): the provide system's
 * statistics in Kubo's shape for the sweep provider, {@code {"Sweep": {...}, "Legacy": null,
 * "FullRT": false}}, with go-libp2p-kad-dht's field names (durations in nanoseconds, times in RFC
 * 3339). What Cairn does not have stays at Go's zero value: the whole {@code workers} section
 * (announcements run on the DHT's event loop, not a worker pool), {@code connectivity.since},
 * {@code timing.max_reprovide_delay} and {@code network.avg_region_size}. As Kubo's with its dual
 * DHT: the WAN DHT's provider, the LAN DHT's with {@code --lan} (nothing is summed).
 */
final class ProvideStatRpc extends PathCommand {
  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  /** At {@code provide/stat}, and at Kubo's deprecated {@code stats/provide}, its alias. */
  ProvideStatRpc(String path) {
    super(path);
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    ProvideOnceRpc.online(node, req);
    Kademlia dht = P2pRpcs.dht(node, req);
    boolean lan = req.flag(false, "lan");
    if (lan && !dht.hasLan()) {
      throw new ApiException(
          ApiException.Kind.NORMAL, "LAN stats only available for Sweep provider with Dual DHT");
    }
    ProvideStats s = dht.provideStats(lan ? Kademlia.Dht.LAN : Kademlia.Dht.WAN);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Sweep", sweep(s));
    out.put("Legacy", null);
    out.put("FullRT", false);
    res.emitOnce(out);
  }

  static Map<String, Object> sweep(ProvideStats s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("closed", s.closed());
    m.put("connectivity", map("status", s.connectivity(), "since", ZERO_TIME));
    m.put(
        "queues",
        map(
            "pending_key_provides", s.queues().pendingKeys(),
            "pending_region_provides", s.queues().pendingRegions(),
            "pending_region_reprovides", s.queues().pendingRegionReprovides()));
    m.put(
        "schedule",
        map(
            "keys", s.schedule().keys(),
            "regions", s.schedule().regions(),
            "avg_prefix_length", s.schedule().prefixLength(),
            "next_reprovide_at", time(s.schedule().nextReprovideAt()),
            "next_reprovide_prefix", s.schedule().nextPrefix()));
    Map<String, Object> workers = new LinkedHashMap<>();
    for (String k :
        new String[] {
          "max",
          "active",
          "active_periodic",
          "active_burst",
          "dedicated_periodic",
          "dedicated_burst",
          "queued_periodic",
          "queued_burst",
          "max_provide_conns_per_worker"
        }) {
      workers.put(k, 0);
    }
    m.put("workers", workers);
    Map<String, Object> timing = new LinkedHashMap<>();
    timing.put("uptime", nanos(s.timing().uptime()));
    timing.put("reprovides_interval", nanos(s.timing().interval()));
    timing.put("cycle_start", time(s.timing().cycleStart()));
    timing.put("current_time_offset", nanos(s.timing().offset()));
    timing.put("max_reprovide_delay", 0);
    m.put("timing", timing);
    ProvideStats.Past p = s.past();
    Map<String, Object> past = new LinkedHashMap<>();
    past.put("records_provided", p.records());
    past.put("keys_provided", p.keysProvided());
    past.put("keys_failed", p.keysFailed());
    past.put("keys_provided_per_minute", number(p.keysProvidedPerMinute()));
    past.put("keys_reprovided_per_minute", number(p.keysReprovidedPerMinute()));
    past.put("reprovide_duration", nanos(p.regionReprovideDuration()));
    past.put("avg_keys_per_reprovide", number(p.avgKeysPerReprovide()));
    past.put("regions_reprovided_last_cycle", p.regionsReprovidedLastCycle());
    m.put(
        "operations",
        map(
            "ongoing",
            map(
                "region_provides", s.ongoing().regionProvides(),
                "key_provides", s.ongoing().keyProvides(),
                "region_reprovides", s.ongoing().regionReprovides(),
                "key_reprovides", s.ongoing().keyReprovides()),
            "past",
            past));
    Map<String, Object> network = new LinkedHashMap<>();
    network.put("peers", s.network().peers());
    network.put("reachable", s.network().reachable());
    network.put("complete_keyspace_coverage", s.network().completeKeyspaceCoverage());
    network.put("avg_region_size", 0);
    network.put("avg_holders", number(s.network().avgHolders()));
    network.put("replication_factor", s.network().replicationFactor());
    m.put("network", network);
    return m;
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static long nanos(Duration d) {
    return d.toNanos();
  }

  /** As Go's JSON writes a float64: integral values without a fraction. */
  private static Object number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) (long) v : (Object) v;
  }

  private static String time(Instant t) {
    return NameInspectRpc.rfc3339Nano(t);
  }
}
