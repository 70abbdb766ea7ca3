package io.cairn.node.chain;

import io.cairn.chain.ChainClient;
import io.cairn.chain.TxResult;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import java.math.BigInteger;
import java.util.Map;

/** {@code deal/settle}: pays the provider for proven periods and settles faults. */
final class DealSettleRpc implements ApiCommand {
  @Override
  public String path() {
    return "deal/settle";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    ChainClient c = ChainRpc.client(node);
    BigInteger id = ChainRpc.dealId(req);
    TxResult r = c.settle(id);
    Map<String, Object> m = ChainRpc.deal(c.deal(id), "settled");
    m.put("Tx", r.hash());
    res.emit(m);
  }
}
