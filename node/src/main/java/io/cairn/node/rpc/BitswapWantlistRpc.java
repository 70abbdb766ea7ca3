package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.p2p.bitswap.Bitswap;
import java.util.Map;

/**
 * {@code bitswap/wantlist [--peer PEER]}: the blocks this node wants, or with {@code --peer} those
 * the peer wants from this node, as Kubo's {@code {"Keys": [{"/": cid}]}}.
 */
final class BitswapWantlistRpc implements ApiCommand {
  @Override
  public String path() {
    return "bitswap/wantlist";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    Bitswap bitswap = P2pRpcs.network(node, req).bitswap();
    var keys =
        req.option("peer", "p")
            .map(p -> bitswap.wantlist(P2pRpcs.peer(p)))
            .orElseGet(bitswap::wantlist);
    res.emitOnce(Map.of("Keys", BitswapStatRpc.links(keys)));
  }
}
