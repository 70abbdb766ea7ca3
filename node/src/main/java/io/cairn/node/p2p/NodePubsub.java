package io.cairn.node.p2p;

import io.cairn.config.NodeConfig;
import io.cairn.config.PubsubConfig;
import io.cairn.retrieval.ipns.IpnsPubsub;
import io.cairn.retrieval.p2p.Host;
import io.cairn.retrieval.p2p.fetch.Fetch;
import io.cairn.retrieval.p2p.fetch.FetchOptions;
import io.cairn.retrieval.p2p.pubsub.GossipsubOptions;
import io.cairn.retrieval.p2p.pubsub.Pubsub;
import io.cairn.retrieval.p2p.pubsub.PubsubOptions;
import java.time.InstantSource;
import java.util.Optional;

/**
 * The node's pubsub when {@code Pubsub.Enabled} or {@code Ipns.UsePubsub} is true (IPNS over pubsub
 * needs it, and Kubo starts pubsub for either): the router {@code Pubsub.Router} names (gossipsub,
 * Kubo's default, or floodsub), its messages signed with the node's identity and remembered for
 * {@code Pubsub.SeenMessagesTTL}; and, with {@code Ipns.UsePubsub}, IPNS over pubsub with the fetch
 * protocol.
 */
final class NodePubsub {
  private NodePubsub() {}

  static Optional<Pubsub> start(NodeConfig config, Host host) {
    if (!config.pubsub().enabled() && !config.ipns().usePubsub()) {
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

  /** IPNS over pubsub, serving its records through fetch, when {@code Ipns.UsePubsub} is true. */
  static Optional<IpnsPubsub> names(NodeConfig config, Host host, Pubsub pubsub) {
    if (!config.ipns().usePubsub() || pubsub == null) {
      return Optional.empty();
    }
    Fetch fetch = Fetch.install(host, FetchOptions.DEFAULTS);
    return Optional.of(
        new IpnsPubsub(pubsub, fetch, InstantSource.system(), IpnsPubsub.Options.DEFAULTS));
  }
}
