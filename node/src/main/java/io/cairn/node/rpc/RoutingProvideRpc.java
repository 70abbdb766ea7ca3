package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.retrieval.p2p.kad.Kademlia;
import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multihash;
import io.cairn.storage.dag.DagWalker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code routing/provide CID... [-r]}: announces on the DHT that this node provides the blocks
 * (with {@code --recursive} every block of their DAGs), which must be in the repo, and keeps them
 * in the reprovide sweep. Emits, per CID, Kubo's Provider event naming this node, once the
 * announcements went out; fails as Kubo does when no peer took one.
 */
final class RoutingProvideRpc implements ApiCommand {
  @Override
  public String path() {
    return "routing/provide";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    List<Cid> roots = req.requiredArguments("key").stream().map(Paths::cid).toList();
    boolean recursive = req.flag(false, "recursive", "r");
    NodeNetwork network = P2pRpcs.network(node, req);
    Kademlia dht = P2pRpcs.dht(node, req);
    BlockStore blocks = node.storage().blocks();
    Set<Multihash> keys = new LinkedHashSet<>();
    Set<Cid> seen = new HashSet<>();
    for (Cid root : roots) {
      if (!blocks.has(root)) {
        throw ApiException.client("block " + root + " not found locally, cannot provide");
      }
      if (recursive) {
        try {
          new DagWalker(blocks, DagWalker.OnMissing.FAIL)
              .walk(
                  root,
                  seen,
                  (c, d) -> {
                    keys.add(c.multihash());
                    return true;
                  });
        } catch (BlockNotFoundException e) {
          throw ApiException.client(
              "the DAG of " + root + " is not complete in the repo: " + e.getMessage());
        }
      } else {
        keys.add(root.multihash());
      }
    }
    int delivered =
        P2pRpcs.await(
            dht.provide(new ArrayList<>(keys)),
            P2pRpcs.TIMEOUT,
            "providing " + keys.size() + " blocks");
    if (delivered == 0) {
      throw new ApiException(
          ApiException.Kind.NORMAL,
          "no DHT peer took the provider records of "
              + keys.size()
              + " blocks (the routing table holds "
              + dht.routingTable().size()
              + " peers); they stay in the reprovide sweep");
    }
    Kademlia.PeerInfo self =
        new Kademlia.PeerInfo(network.p2p().peerId(), network.p2p().dialAddresses());
    for (Cid root : roots) {
      res.emit(P2pRpcs.event(P2pRpcs.PROVIDER, "", List.of(self), root.toString()));
    }
  }
}
