package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import java.util.List;

/**
 * {@code pubsub/ls}: the topics this node subscribes to, {@code {"Strings": [multibase]}}; {@code
 * null} for none, as go-libp2p-pubsub's empty topic list reaches Kubo's JSON.
 */
final class PubsubLsRpc implements ApiCommand {
  @Override
  public String path() {
    return "pubsub/ls";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    List<String> topics =
        PubsubRpcs.pubsub(node, req).topics().stream().map(PubsubRpcs::encode).toList();
    res.emitOnce(P2pRpcs.strings(topics.isEmpty() ? null : topics));
  }
}
