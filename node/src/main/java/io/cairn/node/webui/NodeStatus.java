package io.cairn.node.webui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.compute.JobRecord;
import io.cairn.compute.JobResult;
import io.cairn.compute.JobState;
import io.cairn.config.NodeConfig;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.daemon.Versions;
import io.cairn.node.jobs.NodeJobs;
import io.cairn.node.pinning.PinningService;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PinStore;
import io.cairn.storage.StorageStats;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** {@code GET /webui/api/status}: what the page shows that the RPC API does not give. */
final class NodeStatus {
  /** How many recursive pins the status lists (all are counted). */
  static final int PIN_LIST_LIMIT = 200;

  /** How many of the newest pin requests the status lists (all are counted). */
  static final int PIN_REQUEST_LIST_LIMIT = 10;

  /** How many of the newest jobs the status lists (all are counted). */
  static final int JOB_LIST_LIMIT = 50;

  private NodeStatus() {}

  /**
   * @param host the host the page was loaded from (the request's Host header without the port),
   *     which stands for a gateway listening on every interface
   */
  static ObjectNode of(NodeHandle node, List<RecentAdds.Entry> recent, Optional<String> host) {
    NodeConfig config = node.config();
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("peerId", config.peerId().toString());
    o.put("version", Versions.version());
    o.put("agentVersion", "cairn/" + Versions.version() + "/");
    ObjectNode addresses = o.putObject("addresses");
    strings(addresses.putArray("api"), config.addresses().api());
    strings(addresses.putArray("gateway"), config.addresses().gateway());
    // Where peers can dial this node: the bound ports, wildcards expanded, once the network runs
    // (the config may say port 0 or 0.0.0.0, which nobody can dial).
    strings(
        addresses.putArray("swarm"),
        node.network()
            .map(n -> n.p2p().host().listenAddresses())
            .orElse(config.addresses().swarm()));
    gatewayUrl(config.addresses().gateway(), host).ifPresent(u -> o.put("gatewayUrl", u));
    ObjectNode pinning = o.putObject("pinningService");
    pinning.put("path", PinningService.BASE_PATH);
    pinning.put("tokens", config.pinningService().tokens().size());
    // Its requests, while the daemon runs it (they outlive it in the repo, but only it works them).
    node.pinning().ifPresent(p -> pinning.set("requests", p.overview(PIN_REQUEST_LIST_LIMIT)));
    o.put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);

    StorageStats stats = node.storage().stats();
    ObjectNode repo = o.putObject("repo");
    repo.put("path", node.paths().root().toString());
    repo.put("blocks", stats.blockCount());
    repo.put("blockBytes", stats.blockBytes());
    repo.put("diskBytes", stats.diskBytes());
    repo.put("storageMax", config.datastore().storageMaxBytes());

    ObjectNode pins = o.putObject("pins");
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    long recursive = 0;
    long direct = 0;
    try (Stream<PinStore.Pin> all =
        node.storage().pins().list(PinStore.PinType.RECURSIVE, PinStore.PinType.DIRECT)) {
      for (PinStore.Pin p : (Iterable<PinStore.Pin>) all::iterator) {
        if (p.type() == PinStore.PinType.RECURSIVE) {
          recursive++;
          if (list.size() < PIN_LIST_LIMIT) {
            ObjectNode e = list.addObject();
            e.put("Cid", p.cid().toString());
            e.put("Type", p.type().label());
            e.put("Name", p.name());
          }
        } else {
          direct++;
        }
      }
    }
    pins.put("recursive", recursive);
    pins.put("direct", direct);
    pins.set("list", list);

    ArrayNode r = o.putArray("recent");
    for (RecentAdds.Entry e : recent) {
      ObjectNode x = r.addObject();
      x.put("Hash", e.cid().toString());
      x.put("Name", e.name());
      x.put("Size", e.size());
      x.put("Time", e.time().toString());
    }
    jobs(node.jobs(), o.putObject("jobs"));
    market(node, o.putObject("market"));
    PeersStatus.write(node.network().orElse(null), o.putObject("peers"));
    return o;
  }

  /** Jobs per state, and the newest {@value #JOB_LIST_LIMIT} first. */
  private static void jobs(NodeJobs jobs, ObjectNode out) {
    List<JobRecord> all = jobs.queue().list();
    ObjectNode counts = out.putObject("counts");
    for (JobState s : JobState.values()) {
      counts.put(s.label(), all.stream().filter(j -> j.state() == s).count());
    }
    out.put("total", all.size());
    ArrayNode list = out.putArray("list");
    for (int i = all.size() - 1; i >= 0 && list.size() < JOB_LIST_LIMIT; i--) {
      JobRecord job = all.get(i);
      ObjectNode e = list.addObject();
      e.put("Id", job.id());
      e.put("State", job.state().label());
      e.put("Engine", job.spec().engine().label());
      e.put("Submitted", job.submitted().toString());
      JobResult r = job.result();
      if (r != null) {
        e.put("Status", r.status().label());
        e.put("FuelUsed", r.fuelUsed());
        e.put("WallTimeMs", r.wallTime().toMillis());
        if (r.outputRoot() != null) {
          e.put("OutputRoot", r.outputRoot().toString());
        }
      }
    }
  }

  /**
   * The compute market: this node's jobs posted, claimed, disputed and paid since it started, and
   * the market's jobs open for claims, claimed (running or in their window), disputed and paid;
   * {@code online} false without the daemon's market.
   */
  private static void market(NodeHandle node, ObjectNode out) {
    Optional<io.cairn.node.market.MarketService> market = node.market();
    out.put("online", market.isPresent());
    if (market.isEmpty()) {
      return;
    }
    java.util.Map<String, Object> s = market.get().stats().snapshot();
    ObjectNode mine = out.putObject("node");
    for (String k : new String[] {"Posted", "Claimed", "Disputed", "Paid"}) {
      mine.put(k.toLowerCase(java.util.Locale.ROOT), ((Number) s.get(k)).longValue());
    }
    mine.put("inputBytesLocal", ((Number) s.get("InputBytesLocal")).longValue());
    mine.put("inputBytesFetched", ((Number) s.get("InputBytesFetched")).longValue());
    java.util.Map<io.cairn.chain.MarketJobState, Long> c = market.get().marketCounts();
    ObjectNode all = out.putObject("market");
    all.put("posted", n(c, io.cairn.chain.MarketJobState.POSTED));
    all.put(
        "claimed",
        n(c, io.cairn.chain.MarketJobState.CLAIMED)
            + n(c, io.cairn.chain.MarketJobState.SUBMITTED));
    all.put(
        "disputed",
        n(c, io.cairn.chain.MarketJobState.DISPUTED) + n(c, io.cairn.chain.MarketJobState.DRAWN));
    all.put("paid", n(c, io.cairn.chain.MarketJobState.PAID));
  }

  private static long n(
      java.util.Map<io.cairn.chain.MarketJobState, Long> counts, io.cairn.chain.MarketJobState s) {
    return counts.getOrDefault(s, 0L);
  }

  /**
   * The gateway's base URL from {@code Addresses.Gateway}: its first TCP address, with an
   * unspecified host replaced by the host the page was loaded from.
   */
  static Optional<String> gatewayUrl(List<Multiaddr> gateways, Optional<String> pageHost) {
    for (Multiaddr a : gateways) {
      Optional<String> host = a.host();
      if (host.isEmpty() || a.port().isEmpty()) {
        continue;
      }
      String h = host.get();
      if (h.equals("0.0.0.0") || h.equals("::")) {
        h = pageHost.orElse("127.0.0.1");
      }
      if (h.contains(":") && !h.startsWith("[")) {
        h = "[" + h + "]";
      }
      return Optional.of("http://" + h + ":" + a.port().getAsInt());
    }
    return Optional.empty();
  }

  private static void strings(ArrayNode out, List<Multiaddr> addresses) {
    addresses.forEach(a -> out.add(a.toString()));
  }
}
