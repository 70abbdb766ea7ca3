package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.storage.PeerId;
import java.util.List;
import java.util.Map;

/**
 * {@code swarm/peering/rm ID...}: stops keeping each peer connected (its connection stays until it
 * idles out or is closed); emits Kubo's {@code {ID, Status: "success"}} per peer, as Kubo does for
 * a peer that was not kept too.
 */
final class SwarmPeeringRmRpc implements ApiCommand {
  @Override
  public String path() {
    return "swarm/peering/rm";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    List<PeerId> peers = req.requiredArguments("ID").stream().map(P2pRpcs::peer).toList();
    NodeNetwork network = P2pRpcs.network(node, req);
    for (PeerId p : peers) {
      network.peering().remove(p);
      res.emit(Map.of("ID", p.toString(), "Status", "success"));
    }
  }
}
