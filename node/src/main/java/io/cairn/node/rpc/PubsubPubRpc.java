package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.p2p.pubsub.Pubsub;
import io.cairn.retrieval.p2p.pubsub.PubsubOptions;
import java.util.Optional;

/**
 * {@code pubsub/pub?arg=<topic>}: publishes the body's one file as a message to the topic
 * (multibase in the URL). Answers nothing, as Kubo.
 */
final class PubsubPubRpc implements ApiCommand {
  private static final String FILE = "data";

  @Override
  public String path() {
    return "pubsub/pub";
  }

  @Override
  public Optional<String> requiredFile() {
    return Optional.of(FILE);
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws Exception {
    String topic = PubsubRpcs.topic(req.argument(0, "topic"));
    Pubsub pubsub = PubsubRpcs.pubsub(node, req);
    byte[] data =
        Bodies.readOne(req, FILE, PubsubOptions.DEFAULT_MAX_MESSAGE_SIZE, "a pubsub message");
    try {
      pubsub.publish(topic, data);
    } catch (IllegalArgumentException e) {
      throw ApiException.client(e.getMessage());
    }
  }
}
