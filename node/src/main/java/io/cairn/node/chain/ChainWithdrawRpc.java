package io.cairn.node.chain;

import io.cairn.chain.ChainClient;
import io.cairn.chain.TxResult;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import java.math.BigInteger;
import java.util.Map;

/**
 * {@code chain/withdraw}: what the market owes this account, in tokens or ({@code native}) native
 * currency.
 */
final class ChainWithdrawRpc implements ApiCommand {
  @Override
  public String path() {
    return "chain/withdraw";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    ChainClient c = ChainRpc.client(node);
    boolean nativeCurrency = req.flag(false, "native");
    String token = nativeCurrency ? null : c.deployment().token();
    BigInteger amount = c.withdrawable(c.address(), token);
    if (amount.signum() == 0) {
      throw ApiException.client("nothing to withdraw");
    }
    TxResult r = c.withdraw(token);
    res.emit(Map.of("Amount", amount.toString(), "Tx", r.hash()));
  }
}
