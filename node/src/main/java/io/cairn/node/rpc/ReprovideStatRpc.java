package io.cairn.node.rpc;

import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.api.PathCommand;
import io.cairn.retrieval.p2p.kad.Kademlia;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code stats/reprovide}: the reprovide sweep's state: Kubo's {@code TotalProvides} (here the
 * blocks the sweep keeps providing) and {@code LastRun}, then the sweep's own fields (Regions,
 * NextRegion, NextDue, RegionsReprovided, Lookups); the WAN DHT's sweep, the LAN DHT's with {@code
 * --lan}, as Kubo's alias of {@code provide stat}.
 */
final class ReprovideStatRpc extends PathCommand {

  ReprovideStatRpc() {
    super("stats/reprovide");
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    Kademlia dht = P2pRpcs.dht(node, req);
    boolean lan = req.flag(false, "lan");
    if (lan && !dht.hasLan()) {
      throw new ApiException(
          ApiException.Kind.NORMAL, "LAN stats only available for Sweep provider with Dual DHT");
    }
    Kademlia.ReprovideStatus s = dht.reprovideStatus(lan ? Kademlia.Dht.LAN : Kademlia.Dht.WAN);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("TotalProvides", s.keys());
    m.put("LastRun", s.lastSweep().map(Instant::toString).orElse(null));
    m.put("Regions", s.regions());
    m.put("NextRegion", s.nextRegion());
    m.put("NextDue", s.nextDue().toString());
    m.put("RegionsReprovided", s.regionsReprovided());
    m.put("Lookups", s.lookups());
    res.emitOnce(m);
  }
}
