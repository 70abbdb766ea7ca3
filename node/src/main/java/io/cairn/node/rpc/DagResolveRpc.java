package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.codec.DagResolver;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code dag/resolve}: the block a path ends in and the path left inside it ({@code RemPath}). */
final class DagResolveRpc implements ApiCommand {
  @Override
  public String path() {
    return "dag/resolve";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    String ref = Paths.names(node, req, req.argument(0, "ref"));
    DagResolver.Resolved r = Paths.resolverFor(node.blocks(req), ref).resolve(ref);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Cid", Map.of("/", r.block().toString()));
    // As Kubo (boxo's path.SegmentsToString): each segment after a "/", empty when none is left.
    m.put("RemPath", r.remainder().isEmpty() ? "" : "/" + r.remainder());
    res.emitOnce(m);
  }
}
