package io.cairn.node.market;

import io.cairn.chain.ChainClient;
import io.cairn.chain.MarketJob;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.chain.ChainRpc;
import io.cairn.storage.Cid;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The compute-market commands of the RPC API ({@code provider/compute}, {@code provider/verify},
 * {@code job/submit}, {@code job/dispute}, {@code job/show}, and {@code job/ls} with {@code
 * market}), and what they share: market jobs as replies.
 */
public final class MarketRpcs {
  private MarketRpcs() {}

  public static List<ApiCommand> all() {
    return List.of(
        new ProviderComputeRpc(),
        new ProviderVerifyRpc(),
        new JobSubmitRpc(),
        simple("job/dispute", MarketRpcs::dispute),
        simple("job/show", MarketRpcs::show));
  }

  /** {@code job/ls} with {@code market}: every job on the market, by ID. */
  public static void ls(ApiRequest req, ApiResponse res, NodeHandle node) {
    ChainClient c = ChainRpc.client(node);
    List<Map<String, Object>> all = new ArrayList<>();
    long count = c.compute().jobCount();
    for (long from = 1; from <= count; from += 100) {
      for (MarketJob j : c.compute().jobs(BigInteger.valueOf(from), 100)) {
        all.add(json(j, c.address()));
      }
    }
    res.emit(Map.of("Jobs", all));
  }

  private static void show(ApiRequest req, ApiResponse res, NodeHandle node) {
    if (!req.flag(false, "market")) {
      throw ApiException.client(
          "job show shows market jobs (--market); 'job status ID' shows this node's queue");
    }
    ChainClient c = ChainRpc.client(node);
    BigInteger id = jobId(req);
    Map<String, Object> m = json(c.compute().job(id), c.address());
    List<Map<String, Object>> verifiers = new ArrayList<>();
    c.compute()
        .verifiers(id)
        .forEach(
            v -> {
              Map<String, Object> e = new LinkedHashMap<>();
              e.put("Address", v.address());
              e.put("Committed", v.committed());
              e.put("Revealed", v.revealed());
              e.put("Agreed", v.agreed());
              verifiers.add(e);
            });
    m.put("Verifiers", verifiers);
    res.emit(m);
  }

  private static void dispute(ApiRequest req, ApiResponse res, NodeHandle node) {
    ChainClient c = ChainRpc.client(node);
    BigInteger id = jobId(req);
    var tx = c.compute().dispute(id);
    node.market().ifPresent(MarketService::disputed);
    MarketJob j = c.compute().job(id);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Id", id.toString());
    m.put("Bond", j.bond().toString());
    m.put("DrawBlock", j.drawBlock());
    m.put("Tx", tx.hash());
    res.emit(m);
  }

  /**
   * {@code job/get} with {@code market}: the output root of the market job, after dialing the node
   * of the provider that ran it (through the registry), which holds the outputs.
   */
  public static Cid reachOutput(ApiRequest req, NodeHandle node) {
    ChainClient c = ChainRpc.client(node);
    MarketJob j = c.compute().job(jobId(req));
    String output = cidText(j.outputCid());
    if (output.isEmpty()) {
      throw ApiException.client(
          "market job "
              + j.id()
              + " has no output yet: it is "
              + j.state().name().toLowerCase(Locale.ROOT));
    }
    Cid root;
    try {
      root = Cid.parse(output);
    } catch (RuntimeException e) {
      throw ApiException.client(
          "market job " + j.id() + " has an output that is not a CID: " + output);
    }
    node.market().ifPresent(m -> m.reachParties(c, j));
    return root;
  }

  static BigInteger jobId(ApiRequest req) {
    String text = req.argument(0, "job-id");
    try {
      return new BigInteger(text.strip());
    } catch (NumberFormatException e) {
      throw ApiException.client("market job ID '" + text + "' is not a number");
    }
  }

  /** A market job as {@code job ls --market} and {@code job show --market} give it. */
  static Map<String, Object> json(MarketJob j, String me) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Id", j.id().toString());
    m.put("State", j.state().name().toLowerCase(Locale.ROOT));
    m.put("Client", j.client());
    m.put("Provider", isZero(j.provider()) ? "" : j.provider());
    m.put("Token", j.nativeCurrency() ? "native" : j.token());
    m.put("Price", j.price().toString());
    m.put("Collateral", j.collateral().toString());
    m.put("Engine", j.engine() == 1 ? "wasm" : "cuda");
    m.put("Spec", cidText(j.specCid()));
    m.put("Output", cidText(j.outputCid()));
    m.put("FuelUsed", j.fuelUsed());
    m.put("ReceiptHash", "0x" + HexFormat.of().formatHex(j.receiptHash()));
    m.put("PostedBlock", j.postedBlock());
    m.put("DeadlineBlock", j.deadlineBlock());
    m.put("ResultBlock", j.resultBlock());
    m.put("ChallengeEnd", j.challengeEnd());
    m.put("Verifiers", j.verifiers());
    m.put("Challenger", isZero(j.challenger()) ? "" : j.challenger());
    m.put("Bond", j.bond().toString());
    m.put("Role", role(j, me));
    return m;
  }

  private static boolean isZero(String address) {
    return new BigInteger(address.substring(2), 16).signum() == 0;
  }

  private static String role(MarketJob j, String me) {
    if (j.client().equalsIgnoreCase(me)) {
      return "client";
    }
    if (j.provider().equalsIgnoreCase(me)) {
      return "provider";
    }
    return j.challenger().equalsIgnoreCase(me) ? "challenger" : "-";
  }

  private static String cidText(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return "";
    }
    try {
      return Cid.decode(bytes).toString();
    } catch (RuntimeException e) {
      return "0x" + HexFormat.of().formatHex(bytes);
    }
  }

  /** What a one-method command runs. */
  interface Body {
    void run(ApiRequest req, ApiResponse res, NodeHandle node);
  }

  private static ApiCommand simple(String path, Body body) {
    return new ApiCommand() {
      @Override
      public String path() {
        return path;
      }

      @Override
      public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
        body.run(req, res, node);
      }
    };
  }
}
