package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code block/stat}: a block's CID and size, as Kubo's {@code {Key, Size}}. */
final class BlockStatRpc implements ApiCommand {
  @Override
  public String path() {
    return "block/stat";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    BlockStore blocks = node.blocks(req);
    Cid cid = Paths.resolve(node, req, blocks, req.argument(0, "cid"));
    int size = blocks.size(cid).orElseThrow(() -> new BlockNotFoundException(cid));
    res.emitOnce(keySize(CidEncoder.of(req).encode(cid), size));
  }

  static Map<String, Object> keySize(String cid, long size) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Key", cid);
    m.put("Size", size);
    return m;
  }
}
