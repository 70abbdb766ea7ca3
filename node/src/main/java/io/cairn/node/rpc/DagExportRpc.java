package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.car.CarExport;
import java.io.OutputStream;
import java.util.List;

/** {@code dag/export}: the DAG under a root as a CAR v1, depth-first, each block once. */
final class DagExportRpc implements ApiCommand {
  @Override
  public String path() {
    return "dag/export";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws Exception {
    BlockStore blocks = node.blocks(req);
    Cid cid = Paths.resolve(node, req, blocks, req.argument(0, "root"));
    if (blocks.get(cid).isEmpty()) {
      // Before any output: the client gets a plain error rather than a CAR header alone.
      throw new io.cairn.storage.BlockNotFoundException(cid);
    }
    OutputStream out = res.output(-1, "application/vnd.ipld.car");
    CarExport.write(blocks, List.of(cid), out);
    out.flush();
  }
}
