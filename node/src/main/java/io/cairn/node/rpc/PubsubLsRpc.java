package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;

/** {@code pubsub/ls}: the topics this node subscribes to, {@code {"Strings": [multibase]}}. */
final class PubsubLsRpc implements ApiCommand {
  @Override
  public String path() {
    return "pubsub/ls";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    res.emitOnce(
        P2pRpcs.strings(
            PubsubRpcs.pubsub(node, req).topics().stream().map(PubsubRpcs::encode).toList()));
  }
}
