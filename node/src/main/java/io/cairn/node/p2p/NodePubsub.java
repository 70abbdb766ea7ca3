package io.cairn.node.p2p;

import io.cairn.config.NodeConfig;
import io.cairn.config.PubsubConfig;
import io.cairn.retrieval.p2p.Host;
import io.cairn.retrieval.p2p.pubsub.GossipsubOptions;
import io.cairn.retrieval.p2p.pubsub.Pubsub;
import io.cairn.retrieval.p2p.pubsub.PubsubOptions;
import java.util.Optional;

/**
 * The node's pubsub when {@code Pubsub.Enabled} is true: the router {@code Pubsub.Router} names
 * (gossipsub, Kubo's default, or floodsub), its messages signed with the node's identity and
 * remembered for {@code Pubsub.SeenMessagesTTL}.
 */
final class NodePubsub {
  private NodePubsub() {}

  static Optional<Pubsub> start(NodeConfig config, Host host) {
    if (!config.pubsub().enabled()) {
      return Optional.empty();
    }
    PubsubOptions options = PubsubOptions.DEFAULTS.withSeenTtl(config.pubsub().seenMessagesTtl());
    if (config.pubsub().router() == PubsubConfig.Router.GOSSIPSUB) {
      options = options.withGossipsub(GossipsubOptions.DEFAULTS);
    }
    Pubsub p =
        new Pubsub(
            host,
            NameKeys.selfOnly(config.identity().key()).apply(config.peerId()).orElseThrow(),
            options);
    p.start();
    return Optional.of(p);
  }
}
