package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.P2pNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code swarm/connect ADDR...}: dials each peer (a multiaddr ending in {@code /p2p/<peer ID>}, or
 * a peer ID whose addresses the peer store knows) and answers Kubo's {@code {"Strings": ["connect
 * <peer> success"]}}.
 */
final class SwarmConnectRpc implements ApiCommand {
  @Override
  public String path() {
    return "swarm/connect";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    List<String> args = req.requiredArguments("address");
    P2pNode p2p = P2pRpcs.network(node, req).p2p();
    List<P2pRpcs.PeerAddress> targets = args.stream().map(P2pRpcs::peerAddress).toList();
    List<String> lines = new ArrayList<>();
    for (P2pRpcs.PeerAddress t : targets) {
      if (t.peer().equals(p2p.peerId())) {
        throw ApiException.client("connect " + t.peer() + " failure: that is this node");
      }
      try {
        P2pRpcs.await(
            p2p.host().connect(t.peer(), t.addresses()), P2pRpcs.TIMEOUT, "dialing " + t.peer());
      } catch (ApiException e) {
        throw new ApiException(
            ApiException.Kind.NORMAL, "connect " + t.peer() + " failure: " + e.getMessage(), e);
      }
      lines.add("connect " + t.peer() + " success");
    }
    res.emitOnce(P2pRpcs.strings(lines));
  }
}
