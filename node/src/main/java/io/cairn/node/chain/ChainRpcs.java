package io.cairn.node.chain;

import io.cairn.chain.ChainClient;
import io.cairn.chain.DealInfo;
import io.cairn.chain.DealState;
import io.cairn.chain.DealTerms;
import io.cairn.chain.Deployment;
import io.cairn.chain.ProviderInfo;
import io.cairn.chain.ProviderOffer;
import io.cairn.chain.TxResult;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.proofs.HashBackend;
import io.cairn.proofs.PieceCid;
import io.cairn.storage.Cid;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chain commands of the RPC API: {@code chain/status}, {@code chain/withdraw}, {@code
 * provider/register|update|ls}, {@code deal/make|ls|show|settle}. They need the daemon's chain
 * ({@code Chain.Mode} dev or rpc).
 */
public final class ChainRpcs {
  private ChainRpcs() {}

  public static List<ApiCommand> all() {
    return List.of(
        cmd("chain/status", ChainRpcs::status),
        cmd("chain/withdraw", ChainRpcs::withdraw),
        cmd("provider/register", (req, res, node) -> offer(req, res, node, true)),
        cmd("provider/update", (req, res, node) -> offer(req, res, node, false)),
        cmd("provider/ls", ChainRpcs::providers),
        cmd("deal/make", ChainRpcs::makeDeal),
        cmd("deal/ls", ChainRpcs::deals),
        cmd("deal/show", ChainRpcs::showDeal),
        cmd("deal/settle", ChainRpcs::settle));
  }

  private interface Body {
    void run(ApiRequest req, ApiResponse res, NodeHandle node) throws Exception;
  }

  private static ApiCommand cmd(String path, Body body) {
    return new ApiCommand() {
      @Override
      public String path() {
        return path;
      }

      @Override
      public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws Exception {
        body.run(req, res, node);
      }
    };
  }

  static ChainClient client(NodeHandle node) {
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

  private static void status(ApiRequest req, ApiResponse res, NodeHandle node) {
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
            "StorageMarket", d.market(), "ProviderRegistry", d.registry(), "TestToken", d.token()));
    var p = c.params();
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("PeriodBlocks", p.periodBlocks());
    params.put("WindowBlocks", p.windowBlocks());
    params.put("ChallengesPerProof", p.challengesPerProof());
    params.put("CollateralPercent", p.collateralPercent());
    params.put("SlashPercent", p.slashPercent());
    params.put("AcceptBlocks", p.acceptBlocks());
    m.put("Market", params);
    c.provider(me).ifPresent(info -> m.put("Provider", provider(info)));
    service.provingStats().ifPresent(s -> m.put("Proving", s));
    res.emit(m);
  }

  private static void withdraw(ApiRequest req, ApiResponse res, NodeHandle node) {
    ChainClient c = client(node);
    boolean nativeCurrency = req.flag(false, "native");
    String token = nativeCurrency ? null : c.deployment().token();
    BigInteger amount = c.withdrawable(c.address(), token);
    if (amount.signum() == 0) {
      throw ApiException.client("nothing to withdraw");
    }
    TxResult r = c.withdraw(token);
    res.emit(Map.of("Amount", amount.toString(), "Tx", r.hash()));
  }

  private static void offer(ApiRequest req, ApiResponse res, NodeHandle node, boolean register) {
    ChainClient c = client(node);
    ProviderOffer offer =
        new ProviderOffer(
            req.option("peer-id").orElse(node.config().peerId().toString()),
            req.option("endpoints").orElseGet(() -> gatewayUrl(node)),
            req.number("capacity").orElse(node.config().datastore().storageMaxBytes()),
            amount(req, "price", BigInteger.ZERO),
            req.option("gpu-model").orElse(""),
            req.number("gpu-memory").orElse(0L),
            amount(req, "gpu-price", BigInteger.ZERO));
    TxResult r;
    if (register) {
      r = c.registerProvider(offer, amount(req, "stake", BigInteger.ZERO));
    } else {
      r = c.updateProvider(offer);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Provider", c.address());
    m.put("Tx", r.hash());
    m.put("GasUsed", r.gasUsed());
    res.emit(m);
  }

  private static String gatewayUrl(NodeHandle node) {
    java.net.InetSocketAddress a = node.config().addresses().gateway().get(0).socketAddress();
    String host = a.getHostString();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  private static void providers(ApiRequest req, ApiResponse res, NodeHandle node) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (ProviderInfo p : client(node).providers()) {
      list.add(provider(p));
    }
    res.emit(Map.of("Providers", list));
  }

  private static Map<String, Object> provider(ProviderInfo p) {
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
    m.put("Active", p.active());
    m.put("PeriodsProven", p.periodsProven());
    m.put("PeriodsFaulted", p.periodsFaulted());
    m.put("DealsCompleted", p.dealsCompleted());
    m.put("DealsFailed", p.dealsFailed());
    return m;
  }

  /**
   * {@code deal/make}: the piece of the DAG's CAR, a deal with the whole fee escrowed, then (unless
   * {@code wait=false}) the deal's state once the provider accepted or the acceptance time passed.
   */
  private static void makeDeal(ApiRequest req, ApiResponse res, NodeHandle node)
      throws InterruptedException {
    ChainClient c = client(node);
    Cid root = Cid.parse(req.argument(0, "cid"));
    String provider =
        req.option("provider").orElseThrow(() -> ApiException.client("--provider is required"));
    long periods =
        req.number("duration").orElseThrow(() -> ApiException.client("--duration is required"));
    BigInteger price = amount(req, "price", null);
    if (price == null) {
      throw ApiException.client("--price is required");
    }
    if (periods < 1 || periods > 1_000_000) {
      throw ApiException.client("--duration must be between 1 and 1000000 periods");
    }
    PieceCid piece;
    try (HashBackend backend = HashBackend.select(req.option("backend").orElse("auto"))) {
      piece = io.cairn.proofs.DagPieces.of(node.storage().blocks(), root, backend).piece();
    }
    node.storage().pins().add(root, true, "deal");
    DealInfo d =
        c.openDeal(
            new DealTerms(
                piece.toString(), (int) periods, price, provider, req.flag(false, "native")));
    res.emit(deal(d, "opened"));
    if (!req.flag(true, "wait")) {
      return;
    }
    long deadline = c.blockNumber() + c.params().acceptBlocks() + 1;
    while (d.state() == DealState.OPEN && c.blockNumber() <= deadline) {
      Thread.sleep(500);
      d = c.deal(d.id());
    }
    res.emit(deal(d, d.state() == DealState.ACTIVE ? "accepted" : "not accepted"));
  }

  private static void deals(ApiRequest req, ApiResponse res, NodeHandle node) {
    ChainClient c = client(node);
    boolean all = req.flag(false, "all");
    String me = c.address();
    List<Map<String, Object>> list = new ArrayList<>();
    for (DealInfo d : c.deals()) {
      if (all || d.client().equalsIgnoreCase(me) || d.provider().equalsIgnoreCase(me)) {
        Map<String, Object> m = deal(d, null);
        m.put(
            "Role",
            d.provider().equalsIgnoreCase(me)
                ? "provider"
                : d.client().equalsIgnoreCase(me) ? "client" : "");
        list.add(m);
      }
    }
    res.emit(Map.of("Deals", list));
  }

  private static void showDeal(ApiRequest req, ApiResponse res, NodeHandle node) {
    ChainClient c = client(node);
    res.emit(deal(c.deal(dealId(req)), null));
  }

  private static void settle(ApiRequest req, ApiResponse res, NodeHandle node) {
    ChainClient c = client(node);
    BigInteger id = dealId(req);
    TxResult r = c.settle(id);
    Map<String, Object> m = deal(c.deal(id), "settled");
    m.put("Tx", r.hash());
    res.emit(m);
  }

  private static BigInteger dealId(ApiRequest req) {
    String text = req.argument(0, "deal-id");
    try {
      return new BigInteger(text);
    } catch (NumberFormatException e) {
      throw ApiException.client("deal ID '" + text + "' is not a number");
    }
  }

  static Map<String, Object> deal(DealInfo d, String event) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (event != null) {
      m.put("Event", event);
    }
    m.put("DealID", d.id().toString());
    m.put("State", d.state().name().toLowerCase(java.util.Locale.ROOT));
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

  private static BigInteger amount(ApiRequest req, String name, BigInteger otherwise) {
    return req.option(name)
        .map(
            v -> {
              try {
                BigInteger b = new BigInteger(v.strip());
                if (b.signum() < 0) {
                  throw ApiException.client("--" + name + " must not be negative");
                }
                return b;
              } catch (NumberFormatException e) {
                throw ApiException.client(
                    "--" + name + " '" + v + "' is not a whole number of the token's base units");
              }
            })
        .orElse(otherwise);
  }
}
