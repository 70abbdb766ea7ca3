package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import java.util.Map;

/** {@code name/pubsub/state}: {@code {"Enabled": bool}}. */
final class NamePubsubStateRpc implements ApiCommand {
  @Override
  public String path() {
    return "name/pubsub/state";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    res.emitOnce(Map.of("Enabled", NamePubsubRpcs.names(node, req).isPresent()));
  }
}
