package io.cairn.node.p2p;

import io.cairn.config.NodeConfig;
import io.cairn.retrieval.p2p.Host;
import io.cairn.retrieval.p2p.pubsub.Pubsub;
import io.cairn.retrieval.p2p.pubsub.PubsubOptions;
import java.util.Optional;

/**
 * The node's pubsub: the floodsub router when {@code Pubsub.Enabled} is true, whichever {@code
 * Pubsub.Router} names (gossipsub peers, Kubo's default, speak floodsub to it), its messages signed
 * with the node's identity and remembered for {@code Pubsub.SeenMessagesTTL}.
 */
final class NodePubsub {
  private NodePubsub() {}

  static Optional<Pubsub> start(NodeConfig config, Host host) {
    if (!config.pubsub().enabled()) {
      return Optional.empty();
    }
    Pubsub p =
        new Pubsub(
            host,
            NameKeys.selfOnly(config.identity().key()).apply(config.peerId()).orElseThrow(),
            PubsubOptions.DEFAULTS.withSeenTtl(config.pubsub().seenMessagesTtl()));
    p.start();
    return Optional.of(p);
  }
}
