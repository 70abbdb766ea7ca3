package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.daemon.Dependencies;
import io.cairn.node.daemon.Versions;
import io.cairn.retrieval.p2p.PeerStore;
import io.cairn.retrieval.p2p.kad.Kademlia;
import io.cairn.storage.PeerId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Kubo's {@code version deps} and {@code version check}. */
final class VersionRpcs {
  /** Kubo's {@code DefaultSwarmCheckPercentThreshold}. */
  static final int DEFAULT_MIN_PERCENT = 5;

  private VersionRpcs() {}

  static List<ApiCommand> all() {
    return List.of(new Deps(), new Check());
  }

  /**
   * {@code version/deps}: Kubo's {@code {Path, Version, ReplacedBy, Sum}} for this program, then
   * for each artifact of its class path (Maven coordinates for Go's module paths), one object each.
   */
  private static final class Deps implements ApiCommand {
    @Override
    public String path() {
      return "version/deps";
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
      for (Dependencies.Dependency d : Dependencies.ofThisProcess()) {
        res.emit(d.json());
      }
    }
  }

  /**
   * {@code version/check[?min-percent=N]}: Kubo's check of this node's version against the agent
   * versions Identify reported for the peers of its DHT routing table, counting Cairn's ({@code
   * cairn/VERSION/...}) where Kubo counts Kubo's.
   */
  private static final class Check implements ApiCommand {
    @Override
    public String path() {
      return "version/check";
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
      Kademlia dht = P2pRpcs.dht(node, req);
      PeerStore peers = P2pRpcs.network(node, req).p2p().host().peerStore();
      long minPercent;
      try {
        minPercent = req.option("min-percent", "t").map(Long::parseLong).orElse(0L);
      } catch (NumberFormatException e) {
        throw ApiException.client("min-percent: not a whole number");
      }
      List<String> agents = new ArrayList<>();
      for (PeerId p : dht.routingTable()) {
        peers.agentVersion(p).ifPresent(agents::add);
      }
      res.emitOnce(check(Versions.version(), agents, minPercent));
    }
  }

  /**
   * Kubo's {@code DetectNewKuboVersion}: versions as MAJOR.MINOR.PATCH without suffix, peers with a
   * pre-release or build suffix or another program's agent left out, this node counted among those
   * sampled; {@code UpdateAvailable} once the share with a greater version reaches {@code
   * minPercent} (0: Kubo's default, 5).
   */
  static Map<String, Object> check(String ours, List<String> agents, long minPercent) {
    if (minPercent == 0) {
      minPercent = DEFAULT_MIN_PERCENT;
    }
    if (minPercent < 1 || minPercent > 100) {
      throw new ApiException(
          ApiException.Kind.NORMAL, "Version.SwarmCheckPercentThreshold must be between 1 and 100");
    }
    SemVer own = SemVer.parse(ours);
    if (own == null) {
      throw new ApiException(
          ApiException.Kind.NORMAL, "could not parse our own version \"" + ours + "\"");
    }
    own = own.core();
    SemVer greatest = own;
    int sampled = 1;
    int greater = 0;
    for (String agent : agents) {
      String[] segments = agent.split("/", -1);
      if (segments.length < 2 || !segments[0].equals("cairn")) {
        continue;
      }
      SemVer v = SemVer.parse(segments[1]);
      if (v == null || v.suffixed()) {
        continue;
      }
      sampled++;
      if (own.compareTo(v) < 0) {
        greater++;
      }
      if (v.compareTo(greatest) > 0) {
        greatest = v;
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("UpdateAvailable", (double) greater / sampled >= minPercent / 100.0);
    m.put("RunningVersion", own.toString());
    m.put("GreatestVersion", greatest.toString());
    m.put("PeersSampled", sampled);
    m.put("WithGreaterVersion", greater);
    return m;
  }

  /** A version as hashicorp's go-version reads one: numbers, then "-pre" and "+meta". */
  record SemVer(long major, long minor, long patch, boolean suffixed)
      implements Comparable<SemVer> {
    private static final java.util.regex.Pattern FORM =
        java.util.regex.Pattern.compile(
            "v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:\\.\\d+)*(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

    /** The version, or null when {@code text} is not one. */
    static SemVer parse(String text) {
      java.util.regex.Matcher m = FORM.matcher(text);
      if (!m.matches()) {
        return null;
      }
      try {
        return new SemVer(
            Long.parseLong(m.group(1)),
            m.group(2) == null ? 0 : Long.parseLong(m.group(2)),
            m.group(3) == null ? 0 : Long.parseLong(m.group(3)),
            m.group(4) != null || m.group(5) != null);
      } catch (NumberFormatException e) {
        return null;
      }
    }

    SemVer core() {
      return new SemVer(major, minor, patch, false);
    }

    @Override
    public int compareTo(SemVer o) {
      int c = Long.compare(major, o.major);
      c = c != 0 ? c : Long.compare(minor, o.minor);
      return c != 0 ? c : Long.compare(patch, o.patch);
    }

    @Override
    public String toString() {
      return major + "." + minor + "." + patch;
    }
  }
}
