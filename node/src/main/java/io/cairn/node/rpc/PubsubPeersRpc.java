package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.PeerId;
import java.util.Optional;

/**
 * {@code pubsub/peers[?arg=<topic>]}: the peers this node exchanges pubsub messages with, or those
 * subscribed to the topic, {@code {"Strings": [peer IDs]}} sorted as text, as Kubo sorts them.
 */
final class PubsubPeersRpc implements ApiCommand {
  @Override
  public String path() {
    return "pubsub/peers";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    Optional<String> topic =
        req.arguments().isEmpty()
            ? Optional.empty()
            : Optional.of(PubsubRpcs.topic(req.argument(0, "topic")));
    res.emitOnce(
        P2pRpcs.strings(
            PubsubRpcs.pubsub(node, req).peers(topic).stream()
                .map(PeerId::toString)
                .sorted()
                .toList()));
  }
}
