package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockRemoval;
import io.cairn.storage.Cid;
import io.cairn.storage.PinStore.PinType;
import io.cairn.storage.Storage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code block/rm}: removes blocks that no pin holds and no write in progress has written or found
 * (checked and removed under the collection's lock, {@link Storage#removeBlock}); emits Kubo's
 * {@code {Hash, Error}} per block (Error left out on success; with {@code quiet}, only the errors).
 * With {@code force}, a block that is not there counts as removed.
 */
final class BlockRmRpc implements ApiCommand {
  @Override
  public String path() {
    return "block/rm";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    boolean force = req.flag(false, "force", "f");
    boolean quiet = req.flag(false, "quiet", "q");
    List<Cid> cids = req.requiredArguments("cid").stream().map(Paths::cid).toList();
    CidEncoder encoder = CidEncoder.of(req);
    Storage storage = node.storage();
    try {
      for (Cid cid : cids) {
        BlockRemoval removal = storage.removeBlock(cid);
        String error =
            switch (removal.outcome()) {
              case REMOVED -> null;
              case NOT_HELD -> force ? null : "ipld: could not find " + cid;
              case PINNED -> pinned(storage, cid, removal.pin().orElseThrow());
              case IN_USE -> "in use by a write in progress (an add or import not yet pinned)";
            };
        if (error == null && quiet) {
          continue;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Hash", encoder.encode(cid));
        if (error != null) {
          m.put("Error", error);
        }
        res.emit(m);
      }
    } finally {
      storage.blocks().sync();
    }
  }

  /**
   * Kubo's words for a pinned block (boxo's {@code Pinned.String()}): {@code pinned: recursive},
   * {@code pinned: direct}, or for a block in a pinned DAG {@code pinned via <root>}, the recursive
   * pin that holds it (found by multihash, as the repo keys blocks).
   */
  private static String pinned(Storage storage, Cid cid, PinType type) {
    if (type == PinType.INDIRECT) {
      Optional<Cid> root =
          PinLsRpc.via(
              storage.pins(), storage.blocks(), c -> c.multihash().equals(cid.multihash()));
      if (root.isPresent()) {
        return "pinned via " + root.get();
      }
    }
    return "pinned: " + type.label();
  }
}
