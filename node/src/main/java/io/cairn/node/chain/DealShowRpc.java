package io.cairn.node.chain;

import io.cairn.chain.ChainClient;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;

/** {@code deal/show}: one deal. */
final class DealShowRpc implements ApiCommand {
  @Override
  public String path() {
    return "deal/show";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    ChainClient c = ChainRpc.client(node);
    res.emit(ChainRpc.deal(c.deal(ChainRpc.dealId(req)), null));
  }
}
