package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.p2p.Peering;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code swarm/peering/ls}: Kubo's {@code {Peers: [{ID, Addrs}]}}, the peers kept connected (from
 * {@code Peering.Peers} and {@code swarm/peering/add}) with the addresses dialed first.
 */
final class SwarmPeeringLsRpc implements ApiCommand {
  @Override
  public String path() {
    return "swarm/peering/ls";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    List<Map<String, Object>> peers =
        P2pRpcs.network(node, req).peering().list().stream().map(SwarmPeeringLsRpc::json).toList();
    res.emitOnce(Map.of("Peers", peers));
  }

  private static Map<String, Object> json(Peering.Peer p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", p.id().toString());
    m.put("Addrs", p.addresses().stream().map(Object::toString).toList());
    return m;
  }
}
