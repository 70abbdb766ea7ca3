package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.dag.DagWalker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code pin/add}: pins DAGs (recursively by default, the whole DAG must be present) and emits
 * Kubo's {@code {Pins: [cid...]}}.
 */
final class PinAddRpc implements ApiCommand {
  @Override
  public String path() {
    return "pin/add";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    boolean recursive = req.flag(true, "recursive", "r");
    String name = req.option("name", "n").orElse(null);
    List<String> paths = req.requiredArguments("ipfs-path");
    CidEncoder cids = CidEncoder.of(req);
    BlockStore blocks = node.blocks(req);
    List<String> pinned = new ArrayList<>();
    for (String path : paths) {
      Cid cid = Paths.resolve(blocks, path);
      if (recursive && (node.network().isPresent() || !node.networkStarted().isDone())) {
        // Fetch what the repo lacks first: the pin checks the whole DAG is local.
        new DagWalker(blocks, DagWalker.OnMissing.FAIL).walk(cid, new HashSet<>(), (c, d) -> true);
      }
      node.storage().pins().add(cid, recursive, name);
      node.provideWritten(
          node.network(), (n, beforeStart) -> n.provideAdded(List.of(cid), true, beforeStart));
      pinned.add(cids.encode(cid));
    }
    res.emitOnce(Map.of("Pins", pinned));
  }
}
