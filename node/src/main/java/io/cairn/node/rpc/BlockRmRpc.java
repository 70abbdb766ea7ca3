package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.PinStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code block/rm}: removes blocks that no pin holds; emits Kubo's {@code {Hash, Error}} per block
 * (Error left out on success). With {@code force}, a block that is not there counts as removed.
 */
final class BlockRmRpc implements ApiCommand {
  @Override
  public String path() {
    return "block/rm";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    boolean force = req.flag(false, "force", "f");
    List<Cid> cids = req.requiredArguments("cid").stream().map(Paths::cid).toList();
    BlockStore blocks = node.storage().blocks();
    PinStore pins = node.storage().pins();
    try {
      for (Cid cid : cids) {
        String error = null;
        Optional<PinStore.PinType> pinned = pins.pinType(cid);
        if (pinned.isPresent()) {
          error = "pinned: " + pinned.get().label();
        } else if (!blocks.delete(cid) && !force) {
          error = "ipld: could not find " + cid;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Hash", cid.toString());
        if (error != null) {
          m.put("Error", error);
        }
        res.emit(m);
      }
    } finally {
      blocks.sync();
    }
  }
}
