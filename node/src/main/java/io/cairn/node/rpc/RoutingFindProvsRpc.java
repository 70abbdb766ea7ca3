package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.p2p.kad.Kademlia;
import io.cairn.storage.Cid;
import java.util.List;

/**
 * {@code routing/findprovs CID [-n COUNT]}: streams each provider as soon as the DHT finds it, as
 * Kubo's Provider event {@code {"Type": 4, "Responses": [{ID, Addrs}]}}; at most {@code
 * --num-providers} (default 20, as Kubo).
 */
final class RoutingFindProvsRpc implements ApiCommand {
  static final int DEFAULT_COUNT = 20;
  static final int MAX_COUNT = 1000;

  @Override
  public String path() {
    return "routing/findprovs";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws InterruptedException {
    Cid cid = Paths.cid(req.argument(0, "key"));
    long max = req.number("num-providers", "n").orElse((long) DEFAULT_COUNT);
    if (max < 1 || max > MAX_COUNT) {
      throw ApiException.client(
          "number of providers must be between 1 and " + MAX_COUNT + ", not " + max);
    }
    Kademlia dht = P2pRpcs.dht(node, req);
    QueryEvents events = new QueryEvents();
    events.stream(
        events.follow(
            dht.findProviders(
                cid.multihash(),
                (int) max,
                p -> events.add(P2pRpcs.event(P2pRpcs.PROVIDER, "", List.of(p), "")))),
        P2pRpcs.TIMEOUT,
        "the provider lookup of " + cid,
        req,
        res);
  }
}
