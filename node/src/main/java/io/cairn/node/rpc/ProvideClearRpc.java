package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.retrieval.p2p.kad.Kademlia;

/**
 * {@code provide/clear [-q]}: empties the DHT's provide queue (keys waiting for their first
 * announcement, and those of {@code provide once}) and emits how many were removed, as Kubo does;
 * nothing with {@code --quiet}. The queue lives in the running daemon's memory: without a daemon,
 * its network or the DHT there is none, and 0 is removed. Keys of the reprovide sweep stay there.
 */
final class ProvideClearRpc implements ApiCommand {
  @Override
  public String path() {
    return "provide/clear";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    boolean quiet = req.flag(false, "quiet", "q");
    int cleared =
        P2pRpcs.awaitNetwork(node, req)
            .flatMap(NodeNetwork::dht)
            .map(Kademlia::clearProvideQueue)
            .orElse(0);
    if (!quiet) {
      res.emitOnce(cleared);
    }
  }
}
