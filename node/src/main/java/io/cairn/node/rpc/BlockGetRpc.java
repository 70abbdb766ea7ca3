package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import java.io.OutputStream;

/** {@code block/get}: the raw bytes of a block. */
final class BlockGetRpc implements ApiCommand {
  @Override
  public String path() {
    return "block/get";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws Exception {
    BlockStore blocks = node.blocks(req);
    byte[] data = blocks.require(Paths.resolve(node, req, blocks, req.argument(0, "cid")));
    OutputStream out = res.output(data.length);
    out.write(data);
    out.flush();
  }
}
