package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.dag.DagDiff;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code object/diff?arg=A&arg=B}: Kubo's {@code {Changes: [{Type, Path, Before, After}]}}, Type 0
 * added, 1 removed, 2 changed; CIDs as {@code {"/": cid}} (null where there is none), as Kubo
 * writes them whatever {@code cid-base} says (its text output uses the base).
 */
final class ObjectDiffRpc implements ApiCommand {
  @Override
  public String path() {
    return "object/diff";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    BlockStore blocks = node.blocks(req);
    Cid a = Paths.resolve(node, req, blocks, req.argument(0, "obj_a"));
    Cid b = Paths.resolve(node, req, blocks, req.argument(1, "obj_b"));
    List<Map<String, Object>> changes = new ArrayList<>();
    for (DagDiff.Change c : DagDiff.diff(blocks, a, b)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("Type", c.type().wire());
      m.put("Path", c.path());
      m.put("Before", link(c.before()));
      m.put("After", link(c.after()));
      changes.add(m);
    }
    res.emitOnce(Map.of("Changes", changes));
  }

  private static Map<String, String> link(Cid cid) {
    return cid == null ? null : Map.of("/", cid.toString());
  }
}
