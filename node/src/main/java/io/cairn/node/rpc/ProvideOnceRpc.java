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
import io.cairn.storage.dag.DagWalker;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code provide/once CID... [-r]}: queues the blocks (with {@code --recursive} every block of
 * their DAGs), which must be in the repo, for one announcement on the DHT that does not add them to
 * the reprovide sweep, emitting Kubo's {@code {"Queued": "<cid>"}} for each as it is queued; CIDs
 * met twice (in the arguments or the walks) are queued once. Refuses as Kubo does: offline, without
 * connected peers, and a block not held here.
 */
final class ProvideOnceRpc implements ApiCommand {
  /** Kubo's {@code ErrNotOnline}, in a one-shot command. */
  static final String NOT_ONLINE =
      "this command must be run in online mode. Try running 'cairn daemon' first";

  static final String NO_PEERS = "cannot provide: no connected peers";

  @Override
  public String path() {
    return "provide/once";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    List<String> args = req.requiredArguments("cid");
    boolean recursive = req.flag(false, "recursive", "r");
    NodeNetwork network = online(node, req);
    Kademlia dht = P2pRpcs.dht(node, req);
    if (network.p2p().host().connections().isEmpty()) {
      throw new ApiException(ApiException.Kind.NORMAL, NO_PEERS);
    }
    BlockStore blocks = node.storage().blocks();
    Set<Cid> seen = new HashSet<>();
    for (String arg : args) {
      Cid root = cid(arg);
      if (!blocks.has(root)) {
        throw new ApiException(
            ApiException.Kind.NORMAL, "block " + root + " not found locally, cannot provide");
      }
      if (!recursive) {
        if (seen.add(root)) {
          announce(res, dht, root);
        }
        continue;
      }
      try {
        new DagWalker(blocks, DagWalker.OnMissing.FAIL)
            .walk(
                root,
                seen,
                (c, d) -> {
                  announce(res, dht, c);
                  return true;
                });
      } catch (BlockNotFoundException e) {
        throw new ApiException(ApiException.Kind.NORMAL, e.getMessage());
      }
    }
  }

  /** The running network, or Kubo's ErrNotOnline (Cairn's words for a daemon run offline). */
  static NodeNetwork online(NodeHandle node, ApiRequest req) {
    if (!node.daemon()) {
      throw new ApiException(ApiException.Kind.NORMAL, NOT_ONLINE);
    }
    return P2pRpcs.network(node, req);
  }

  private static Cid cid(String arg) {
    try {
      return Cid.parse(arg.strip());
    } catch (IllegalArgumentException e) {
      throw ApiException.client("invalid CID \"" + arg + "\": " + e.getMessage());
    }
  }

  private static void announce(ApiResponse res, Kademlia dht, Cid c) {
    dht.provideOnce(List.of(c.multihash()));
    res.emit(Map.of("Queued", c.toString()));
  }
}
