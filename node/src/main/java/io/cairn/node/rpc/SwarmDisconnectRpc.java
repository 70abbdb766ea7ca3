package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.p2p.Host;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code swarm/disconnect ADDR...}: closes every connection to each peer (a peer ID, or a multiaddr
 * ending in {@code /p2p/<peer ID>}), answering Kubo's {@code {"Strings": ["disconnect <peer>
 * success"]}}; a peer this node is not connected to is an error, as in Kubo.
 */
final class SwarmDisconnectRpc implements ApiCommand {
  @Override
  public String path() {
    return "swarm/disconnect";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    List<String> args = req.requiredArguments("address");
    Host host = P2pRpcs.network(node, req).p2p().host();
    List<P2pRpcs.PeerAddress> targets = args.stream().map(P2pRpcs::peerAddress).toList();
    List<String> lines = new ArrayList<>();
    for (P2pRpcs.PeerAddress t : targets) {
      if (host.connection(t.peer()).isEmpty()) {
        throw ApiException.client("disconnect " + t.peer() + " failure: not connected");
      }
      P2pRpcs.await(host.disconnect(t.peer()), P2pRpcs.TIMEOUT, "disconnecting " + t.peer());
      lines.add("disconnect " + t.peer() + " success");
    }
    res.emitOnce(P2pRpcs.strings(lines));
  }
}
