package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.retrieval.ipns.IpnsPubsub;
import java.util.List;
import java.util.Optional;

/**
 * Kubo's {@code name/pubsub/*}: the state of IPNS over pubsub ({@code Ipns.UsePubsub} or the
 * daemon's {@code --enable-namesys-pubsub}), the names it follows and cancelling one. Without a
 * daemon, or on one without it, {@code state} says disabled and the others fail with Kubo's error.
 */
final class NamePubsubRpcs {
  /** Kubo's error when IPNS over pubsub is off. */
  static final String NOT_ENABLED = "IPNS pubsub subsystem is not enabled";

  private NamePubsubRpcs() {}

  static List<ApiCommand> all() {
    return List.of(new NamePubsubStateRpc(), new NamePubsubSubsRpc(), new NamePubsubCancelRpc());
  }

  /** IPNS over pubsub in the running daemon, if it has it. */
  static Optional<IpnsPubsub> names(NodeHandle node, ApiRequest req) {
    if (!node.daemon()) {
      return Optional.empty();
    }
    return P2pRpcs.awaitNetwork(node, req).flatMap(NodeNetwork::namePubsub);
  }

  static IpnsPubsub required(NodeHandle node, ApiRequest req) {
    return names(node, req).orElseThrow(() -> ApiException.client(NOT_ENABLED));
  }
}
