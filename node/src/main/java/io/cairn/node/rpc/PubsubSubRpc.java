package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.p2p.pubsub.PubsubMessage;
import io.cairn.retrieval.p2p.pubsub.Subscription;
import java.time.Duration;

/**
 * {@code pubsub/sub?arg=<topic>}: subscribes to the topic (multibase in the URL) and streams each
 * message as Kubo's {@code {from, data, seqno, topicIDs}} until the client goes away, which ends
 * the subscription. The stream starts at once, before any message, as Kubo's does.
 */
final class PubsubSubRpc implements ApiCommand {
  private static final Duration POLL = Duration.ofMillis(250);

  @Override
  public String path() {
    return "pubsub/sub";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws InterruptedException {
    String topic = PubsubRpcs.topic(req.argument(0, "topic"));
    try (Subscription sub = PubsubRpcs.pubsub(node, req).subscribe(topic)) {
      res.startStream();
      while (true) {
        req.cancellation().check();
        PubsubMessage m = sub.next(POLL);
        if (m != null) {
          res.emit(PubsubRpcs.message(m));
        }
      }
    }
  }
}
