package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.Errors;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.Multihash;
import io.cairn.storage.Storage;
import io.cairn.storage.VerifyReport;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code repo/verify}: re-hashes every block; emits Kubo's {@code VerifyProgress} values: {@code
 * {Msg}} for each corrupt block and the closing summary, and {@code {Progress}} every {@value
 * #PROGRESS_EVERY} blocks. With {@code drop}, corrupt blocks are removed and the command succeeds
 * when all were; without, it fails when any block is corrupt.
 */
final class RepoVerifyRpc implements ApiCommand {
  static final int PROGRESS_EVERY = 1000;
  private static final String CORRUPT =
      " was corrupt (block in storage has different hash than requested)";

  @Override
  public String path() {
    return "repo/verify";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    if (req.flag(false, "heal")) {
      throw ApiException.client(
          "--heal needs blocks from the network, which this node does not fetch yet; use --drop");
    }
    boolean drop = req.flag(false, "drop");
    Storage storage = node.storage();
    VerifyReport report =
        storage.verify(
            p -> {
              if (p.corruptBlock() != null) {
                // With drop the message comes once the block is removed, as Kubo words it.
                if (!drop) {
                  res.emit(message("block " + asCid(p.corruptBlock()) + CORRUPT));
                }
              } else if (p.blocksChecked() % PROGRESS_EVERY == 0) {
                res.emit(progress(p.blocksChecked()));
              }
            });
    if (report.ok()) {
      res.emit(message("verify complete, all blocks validated."));
      return;
    }
    int corrupt = report.corrupt().size();
    if (!drop) {
      throw new IllegalStateException("verify complete, " + corrupt + " blocks corrupt");
    }
    int removed = 0;
    int failed = 0;
    try {
      for (Multihash mh : report.corrupt()) {
        Cid cid = asCid(mh);
        String outcome;
        try {
          storage.blocks().delete(cid);
          removed++;
          outcome = ", removed";
        } catch (RuntimeException e) {
          failed++;
          outcome = ", failed to remove (" + Errors.message(e) + ")";
        }
        res.emit(message("block " + cid + CORRUPT + outcome));
      }
    } finally {
      storage.blocks().sync();
    }
    String summary = "verify complete, " + corrupt + " blocks corrupt, " + removed + " removed";
    if (failed > 0) {
      throw new IllegalStateException(summary + ", " + failed + " failed to remove");
    }
    // Kubo succeeds when every corrupt block was removed.
    res.emit(message(summary));
  }

  private static Cid asCid(Multihash mh) {
    return Cid.v1(Multicodec.RAW, mh);
  }

  private static Map<String, Object> message(String msg) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Msg", msg);
    m.put("Progress", 0);
    return m;
  }

  private static Map<String, Object> progress(long blocks) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Msg", "");
    m.put("Progress", blocks);
    return m;
  }
}
