package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.Multiaddr;

/** {@code swarm/addrs/listen}: the addresses the host listens on, as Kubo's {@code Strings}. */
final class SwarmAddrsListenRpc implements ApiCommand {
  @Override
  public String path() {
    return "swarm/addrs/listen";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    res.emitOnce(
        P2pRpcs.strings(
            P2pRpcs.network(node, req).p2p().host().listenAddresses().stream()
                .map(Multiaddr::toString)
                .toList()));
  }
}
