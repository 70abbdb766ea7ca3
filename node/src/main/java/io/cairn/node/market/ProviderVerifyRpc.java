package io.cairn.node.market;

import io.cairn.config.ConfigEditor;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code provider/verify} ({@code on} or {@code off}): writes {@code Provider.Verify.Enabled} and,
 * on a daemon with a chain, the verifier flag of the registry's compute offer, so the node is drawn
 * for disputes (and re-executes them) or no longer.
 */
final class ProviderVerifyRpc implements ApiCommand {
  @Override
  public String path() {
    return "provider/verify";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    String action = req.argument(0, "action");
    if (!action.equals("on") && !action.equals("off")) {
      throw ApiException.client("provider verify takes on or off, not '" + action + "'");
    }
    ConfigEditor.open(node.paths())
        .set(
            "Provider.Verify.Enabled",
            Boolean.toString(action.equals("on")),
            ConfigEditor.ValueType.BOOL);
    node.configChanged();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Enabled", node.config().provider().verify().enabled());
    ProviderComputeRpc.offer(node, node.config().provider())
        .ifPresent(tx -> m.put("Tx", tx.hash()));
    res.emit(m);
  }
}
