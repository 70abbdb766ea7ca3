package io.cairn.node.chain;

import io.cairn.chain.ChainClient;
import io.cairn.chain.Deployment;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code chain/status}: the connection, the account, its balances, the market and proving. */
final class ChainStatusRpc implements ApiCommand {
  @Override
  public String path() {
    return "chain/status";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Mode", node.config().chain().mode().configName());
    if (!node.daemon() || node.chain().flatMap(ChainService::client).isEmpty()) {
      m.put("Connected", false);
      m.put(
          "Message",
          node.daemon()
              ? node.chain().map(ChainService::listeningLine).orElse("Chain.Mode is off")
              : "the chain runs with the daemon: start 'cairn daemon'");
      ChainAccounts.file(node.paths()).ifPresent(f -> m.put("Keystore", f.toString()));
      res.emit(m);
      return;
    }
    ChainService service = node.chain().orElseThrow();
    ChainClient c = service.client().orElseThrow();
    Deployment d = c.deployment();
    String me = c.address();
    m.put("Connected", true);
    m.put("Endpoint", service.endpoint());
    m.put("ChainId", c.chainId());
    m.put("Block", c.blockNumber());
    m.put("Account", me);
    m.put("Balance", c.nativeBalance(me).toString());
    m.put("TokenBalance", c.tokenBalance(me).toString());
    m.put("Withdrawable", c.withdrawable(me, d.token()).toString());
    m.put("WithdrawableNative", c.withdrawable(me, null).toString());
    m.put(
        "Contracts",
        Map.of(
            "StorageMarket",
            d.market(),
            "ComputeMarket",
            d.computeMarket(),
            "ProviderRegistry",
            d.registry(),
            "TestToken",
            d.token()));
    var p = c.params();
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("PeriodBlocks", p.periodBlocks());
    params.put("WindowBlocks", p.windowBlocks());
    params.put("ChallengesPerProof", p.challengesPerProof());
    params.put("CollateralPercent", p.collateralPercent());
    params.put("SlashPercent", p.slashPercent());
    params.put("SlashToClientPercent", p.slashToClientPercent());
    params.put("AcceptBlocks", p.acceptBlocks());
    params.put("Lookahead", p.lookahead());
    params.put("StakePerDeal", p.stakePerDeal().toString());
    params.put("NoticePeriods", p.noticePeriods());
    m.put("Market", params);
    c.provider(me).ifPresent(info -> m.put("Provider", ChainRpc.provider(info)));
    service.provingStats().ifPresent(s -> m.put("Proving", s));
    res.emit(m);
  }
}
