package io.cairn.node.chain;

import io.cairn.chain.ChainClient;
import io.cairn.chain.DealInfo;
import io.cairn.chain.ProviderInfo;
import io.cairn.config.NodeConfig;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.NodeHandle;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The chain commands of the RPC API ({@code chain/*}, {@code provider/*}, {@code deal/*}), one
 * class each, and what they share: the daemon's chain client, amounts and deal IDs from the
 * request, deals and providers as replies. They need the daemon's chain ({@code Chain.Mode} dev or
 * rpc).
 */
public final class ChainRpc {
  private ChainRpc() {}

  /** Every chain command, for the one place the RPC commands are registered. */
  public static List<io.cairn.node.api.ApiCommand> all() {
    List<io.cairn.node.api.ApiCommand> all = new java.util.ArrayList<>();
    all.addAll(
        List.of(
            new ChainStatusRpc(),
            new ChainWithdrawRpc(),
            new ChainFaucetRpc(),
            new ProviderOfferRpc("provider/register"),
            new ProviderOfferRpc("provider/update"),
            new ProviderLsRpc(),
            new DealMakeRpc(),
            new DealLsRpc(),
            new DealShowRpc()));
    all.addAll(DealActionRpc.all());
    return all;
  }

  /**
   * The daemon's chain client. The rules between the config's chain keys are checked first, as on
   * every use of the chain.
   */
  public static ChainClient client(NodeHandle node) {
    node.config().checkComplete(NodeConfig.source(node.paths()));
    if (!node.daemon()) {
      throw ApiException.client(
          "the chain runs with the daemon: start 'cairn daemon' (Chain.Mode is "
              + node.config().chain().mode().configName()
              + ")");
    }
    return node.chain()
        .flatMap(ChainService::client)
        .orElseThrow(
            () ->
                ApiException.client(
                    "this node has no chain: "
                        + node.chain()
                            .map(ChainService::listeningLine)
                            .orElse("Chain.Mode is off")));
  }

  static BigInteger dealId(ApiRequest req) {
    String text = req.argument(0, "deal-id");
    try {
      return new BigInteger(text);
    } catch (NumberFormatException e) {
      throw ApiException.client("deal ID '" + text + "' is not a number");
    }
  }

  public static BigInteger amount(ApiRequest req, String name, BigInteger otherwise) {
    return req.option(name).map(v -> amount(name, v)).orElse(otherwise);
  }

  /** A whole, non-negative number of the token's base units, as option {@code --name} gave it. */
  static BigInteger amount(String name, String text) {
    try {
      BigInteger b = new BigInteger(text.strip());
      if (b.signum() < 0) {
        throw ApiException.client("--" + name + " must not be negative");
      }
      return b;
    } catch (NumberFormatException e) {
      throw ApiException.client(
          "--" + name + " '" + text + "' is not a whole number of the token's base units");
    }
  }

  static Map<String, Object> deal(DealInfo d, String event) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (event != null) {
      m.put("Event", event);
    }
    m.put("DealID", d.id().toString());
    m.put("State", d.state().name().toLowerCase(Locale.ROOT));
    m.put("Client", d.client());
    m.put("Provider", d.provider());
    m.put("PieceCID", d.pieceCidV2());
    m.put("LeafCount", d.leafCount());
    m.put("Periods", d.periods());
    m.put("PricePerPeriod", d.pricePerPeriod().toString());
    m.put("Token", d.token());
    m.put("StartBlock", d.startBlock());
    m.put("Collateral", d.collateral().toString());
    m.put("PeriodsProven", d.periodsProven());
    m.put("PeriodsFaulted", d.periodsFaulted());
    m.put("PeriodsSettled", d.periodsSettled());
    m.put("Paid", d.paid().toString());
    m.put("Refunded", d.refunded().toString());
    return m;
  }

  static Map<String, Object> provider(ProviderInfo p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Address", p.address());
    m.put("PeerId", p.offer().peerId());
    m.put("Endpoints", p.offer().endpoints());
    m.put("CapacityBytes", p.offer().capacityBytes());
    m.put("PricePerTiBPerPeriod", p.offer().pricePerTiBPerPeriod().toString());
    m.put("GpuModel", p.offer().gpuModel());
    m.put("GpuMemoryBytes", p.offer().gpuMemoryBytes());
    m.put("GpuPricePerHour", p.offer().gpuPricePerHour().toString());
    m.put("Stake", p.stake().toString());
    m.put("LockedStake", p.lockedStake().toString());
    m.put("FreeStake", p.freeStake().toString());
    m.put("Active", p.active());
    m.put("PeriodsProven", p.periodsProven());
    m.put("PeriodsFaulted", p.periodsFaulted());
    m.put("DealsCompleted", p.dealsCompleted());
    m.put("DealsFailed", p.dealsFailed());
    return m;
  }
}
