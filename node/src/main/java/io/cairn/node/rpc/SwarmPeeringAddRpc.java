package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code swarm/peering/add ADDR...}: keeps each peer ({@code <multiaddr>/p2p/<ID>}; the addresses
 * of one peer are grouped) connected, as Kubo's peering service does, until {@code
 * swarm/peering/rm} or the daemon stops (the config's {@code Peering.Peers} is not changed); emits
 * Kubo's {@code {ID, Status: "success"}} per peer.
 */
final class SwarmPeeringAddRpc implements ApiCommand {
  @Override
  public String path() {
    return "swarm/peering/add";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    Map<PeerId, List<Multiaddr>> peers = new LinkedHashMap<>();
    for (String arg : req.requiredArguments("address")) {
      if (!arg.strip().startsWith("/")) {
        throw ApiException.client(
            "'" + arg + "' is not a multiaddr: give <multiaddr>/p2p/<peer ID>");
      }
      P2pRpcs.PeerAddress a = P2pRpcs.peerAddress(arg);
      peers.computeIfAbsent(a.peer(), p -> new ArrayList<>()).addAll(a.addresses());
    }
    NodeNetwork network = P2pRpcs.network(node, req);
    for (PeerId p : peers.keySet()) {
      if (p.equals(network.p2p().peerId())) {
        throw ApiException.client("cannot peer with " + p + ": that is this node");
      }
    }
    peers.forEach(
        (p, addresses) -> {
          network.peering().add(p, addresses);
          res.emit(Map.of("ID", p.toString(), "Status", "success"));
        });
  }
}
