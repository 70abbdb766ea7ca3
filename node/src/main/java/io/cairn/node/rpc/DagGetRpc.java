package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.DagCodecs;
import io.cairn.storage.codec.DagResolver;
import java.io.OutputStream;

/**
 * {@code dag/get}: the node a {@code <cid>[/path]} names, encoded in {@code output-codec} (dag-json
 * by default); {@code raw} gives the block's bytes.
 */
final class DagGetRpc implements ApiCommand {
  @Override
  public String path() {
    return "dag/get";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws Exception {
    BlockStore blocks = node.blocks(req);
    Multicodec codec = Multicodec.forName(req.optionOr("output-codec", "dag-json"));
    String ref = Paths.names(node, req, req.argument(0, "ref"));
    DagResolver.Resolved r = Paths.resolverFor(blocks, ref).resolve(ref);
    byte[] bytes;
    if (codec == Multicodec.RAW) {
      if (!r.remainder().isEmpty()) {
        throw ApiException.client(
            "cannot output a path inside a block as raw bytes; use dag-json or dag-cbor");
      }
      bytes = blocks.require(r.block());
    } else {
      bytes = DagCodecs.encode(codec, r.node());
    }
    OutputStream out = res.output(bytes.length);
    out.write(bytes);
    out.flush();
  }
}
