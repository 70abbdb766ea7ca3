package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.P2pNode;
import io.cairn.storage.Multiaddr;
import java.util.List;

/**
 * {@code swarm/addrs/local [--id]}: the addresses this node announces (its listen addresses), with
 * {@code /p2p/<peer ID>} appended when {@code --id} is given, as Kubo's {@code Strings}.
 */
final class SwarmAddrsLocalRpc implements ApiCommand {
  @Override
  public String path() {
    return "swarm/addrs/local";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    P2pNode p2p = P2pRpcs.network(node, req).p2p();
    List<Multiaddr> addrs =
        req.flag(false, "id") ? p2p.dialAddresses() : p2p.host().announcedAddresses();
    res.emitOnce(P2pRpcs.strings(addrs.stream().map(Multiaddr::toString).toList()));
  }
}
