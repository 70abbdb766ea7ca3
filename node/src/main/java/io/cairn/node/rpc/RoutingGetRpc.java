package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.p2p.kad.Kademlia;
import java.util.Base64;
import java.util.Optional;

/**
 * {@code routing/get KEY}: the best value the DHT holds for an {@code /ipns/<name>} or {@code
 * /pk/<peer>} key (the one held here and those of the peers a lookup meets, each checked), as
 * Kubo's Value event {@code {"Extra": <value in base64>, "ID": "", "Responses": null, "Type": 5}};
 * emitted as Kubo's {@code res.Emit} (a chunked stream of one); the CLI writes the raw bytes. A key
 * no one holds is Kubo's {@code routing: not found}.
 */
final class RoutingGetRpc implements ApiCommand {
  /** How many valid values the lookup gathers before it picks the best (boxo's IPNS default). */
  static final int QUORUM = 16;

  @Override
  public String path() {
    return "routing/get";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    RoutingValues.Key key = RoutingValues.key(req.argument(0, "key"));
    if (P2pRpcs.awaitNetwork(node, req).isEmpty()) {
      throw RoutingValues.offline(node);
    }
    Kademlia dht = P2pRpcs.dht(node, req);
    Optional<byte[]> value =
        P2pRpcs.await(
            dht.getValue(key.dhtKey(), QUORUM),
            P2pRpcs.TIMEOUT,
            "the lookup of " + key.text(),
            req);
    if (value.isEmpty()) {
      throw new ApiException(ApiException.Kind.NOT_FOUND, RoutingValues.NOT_FOUND);
    }
    res.emit(
        P2pRpcs.event(
            RoutingValues.VALUE, "", null, Base64.getEncoder().encodeToString(value.get())));
  }
}
