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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code pin/add}: pins DAGs (recursively by default, the whole DAG must be present) and emits
 * Kubo's {@code {Pins: [cid...]}}. With {@code progress}, a recursive pin first walks its DAGs
 * (fetching what the repo lacks) and emits Kubo's {@code {Progress: nodes, Bytes: bytes}} every
 * half second, and once more before the pins when any node was walked.
 */
final class PinAddRpc implements ApiCommand {
  private static final long PROGRESS_NANOS = 500_000_000L;

  @Override
  public String path() {
    return "pin/add";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    boolean recursive = req.flag(true, "recursive", "r");
    boolean progress = req.flag(false, "progress");
    String name = req.option("name", "n").orElse(null);
    List<String> paths = req.requiredArguments("ipfs-path");
    CidEncoder cids = CidEncoder.of(req);
    BlockStore blocks = node.blocks(req);
    List<String> pinned = new ArrayList<>();
    long[] walked = {0, 0, System.nanoTime()}; // nodes, bytes, last emit
    for (String path : paths) {
      Cid cid = Paths.resolve(node, req, blocks, path);
      boolean online = node.network().isPresent() || !node.networkStarted().isDone();
      if (recursive && (online || progress)) {
        // Fetch what the repo lacks first: the pin checks the whole DAG is local.
        new DagWalker(blocks, DagWalker.OnMissing.FAIL)
            .walk(
                cid,
                new HashSet<>(),
                (c, data) -> {
                  walked[0]++;
                  walked[1] += data.length;
                  long now = System.nanoTime();
                  if (progress && now - walked[2] >= PROGRESS_NANOS) {
                    walked[2] = now;
                    res.emit(progress(walked));
                  }
                  return true;
                });
      }
      node.storage().pins().add(cid, recursive, name);
      node.provideWritten(
          node.network(), (n, beforeStart) -> n.provideAdded(List.of(cid), true, beforeStart));
      pinned.add(cids.encode(cid));
    }
    if (!progress) {
      res.emitOnce(Map.of("Pins", pinned));
      return;
    }
    if (walked[0] > 0) {
      res.emit(progress(walked));
    }
    res.emit(Map.of("Pins", pinned));
  }

  private static Map<String, Object> progress(long[] walked) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Progress", walked[0]);
    m.put("Bytes", walked[1]);
    return m;
  }
}
