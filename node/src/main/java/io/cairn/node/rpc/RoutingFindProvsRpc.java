package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.p2p.kad.Kademlia;
import io.cairn.storage.Cid;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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
    // Providers arrive on the DHT's threads; the response is written from this one.
    Object end = new Object();
    LinkedBlockingQueue<Object> found = new LinkedBlockingQueue<>();
    CompletableFuture<List<Kademlia.PeerInfo>> lookup =
        dht.findProviders(cid.multihash(), (int) max, found::add);
    lookup.whenComplete((r, e) -> found.add(end));
    long deadline = System.nanoTime() + P2pRpcs.TIMEOUT.toNanos();
    while (true) {
      Object next = found.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (next == null) {
        lookup.cancel(true);
        throw new ApiException(
            ApiException.Kind.NORMAL,
            "the provider lookup of "
                + cid
                + " timed out after "
                + P2pRpcs.TIMEOUT.toSeconds()
                + " s");
      }
      if (next == end) {
        break;
      }
      res.emit(P2pRpcs.event(P2pRpcs.PROVIDER, "", List.of((Kademlia.PeerInfo) next), ""));
    }
    P2pRpcs.await(lookup, P2pRpcs.TIMEOUT, "the provider lookup of " + cid);
  }
}
