package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code pin/rm}: unpins DAGs and emits Kubo's {@code {Pins: [cid...]}}. */
final class PinRmRpc implements ApiCommand {
  @Override
  public String path() {
    return "pin/rm";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    boolean recursive = req.flag(true, "recursive", "r");
    List<String> paths = req.requiredArguments("ipfs-path");
    CidEncoder cids = CidEncoder.of(req);
    BlockStore blocks = node.storage().blocks();
    List<String> unpinned = new ArrayList<>();
    for (String path : paths) {
      Cid cid = Paths.resolve(node, req, blocks, path);
      node.storage().pins().remove(cid, recursive);
      unpinned.add(cids.encode(cid));
    }
    res.emitOnce(Map.of("Pins", unpinned));
  }
}
