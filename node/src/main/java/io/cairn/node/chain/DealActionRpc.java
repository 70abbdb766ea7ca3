package io.cairn.node.chain;

import io.cairn.chain.ChainClient;
import io.cairn.chain.TxResult;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.api.PathCommand;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one-transaction deal commands: {@code deal/settle} (pays proven periods, settles faults),
 * {@code deal/terminate} (ends a deal after the market's notice, by its client or provider), and
 * the change of provider: {@code deal/propose-provider?arg=ID&to=0x…} by the provider, {@code
 * deal/consent-provider?arg=ID&to=0x…} by the client, naming the provider it saw proposed (the
 * market refuses the consent if another is proposed by then), {@code deal/revoke-consent} by the
 * client, {@code deal/take-over} by the new provider. Each answers with the deal as it stands after
 * the transaction and the transaction's hash.
 */
final class DealActionRpc extends PathCommand {
  /** What a command sends for deal {@code id}. */
  private interface Action {
    TxResult send(ChainClient c, BigInteger id, ApiRequest req);
  }

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

  private final String event;
  private final Action action;

  private DealActionRpc(String path, String event, Action action) {
    super(path);
    this.event = event;
    this.action = action;
  }

  static List<ApiCommand> all() {
    return List.of(
        new DealActionRpc("deal/settle", "settled", (c, id, req) -> c.settle(id)),
        new DealActionRpc("deal/terminate", "terminated", (c, id, req) -> c.terminateDeal(id)),
        new DealActionRpc(
            "deal/propose-provider",
            "provider proposed",
            (c, id, req) -> c.proposeProvider(id, newProvider(req))),
        new DealActionRpc(
            "deal/consent-provider",
            "provider consented",
            (c, id, req) -> c.consentProvider(id, newProvider(req))),
        new DealActionRpc(
            "deal/revoke-consent", "consent revoked", (c, id, req) -> c.revokeConsent(id)),
        new DealActionRpc("deal/take-over", "taken over", (c, id, req) -> c.takeOverDeal(id)));
  }

  private static String newProvider(ApiRequest req) {
    String to =
        req.option("to")
            .orElseThrow(() -> ApiException.client("--to, the new provider's address, is needed"));
    if (!ADDRESS.matcher(to).matches()) {
      throw ApiException.client("--to '" + to + "' is not a 0x-prefixed 20-byte address");
    }
    return to;
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    ChainClient c = ChainRpc.client(node);
    BigInteger id = ChainRpc.dealId(req);
    TxResult r = action.send(c, id, req);
    Map<String, Object> m = ChainRpc.deal(c.deal(id), event);
    m.put("Tx", r.hash());
    res.emit(m);
  }
}
