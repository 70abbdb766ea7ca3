package io.cairn.node.rpc;

import io.cairn.config.Units;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.Errors;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.Multihash;
import io.cairn.storage.Storage;
import io.cairn.storage.VerifyReport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code repo/verify}: re-hashes every block; emits Kubo's {@code VerifyProgress} values: {@code
 * {Msg}} for each corrupt block and the closing summary, and {@code {Progress}} every {@value
 * #PROGRESS_EVERY} blocks. With {@code drop}, corrupt blocks are removed and the command succeeds
 * when all were; with {@code heal} (which implies {@code drop}; a daemon with its network only),
 * each removed block is fetched again from peers, waiting up to {@code heal-timeout} (30s by
 * default, 0 for as long as the request lasts), and the command succeeds when all were removed and
 * fetched; without either, it fails when any block is corrupt. Messages and summary are Kubo's.
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
    boolean heal = req.flag(false, "heal");
    boolean drop = heal || req.flag(false, "drop");
    BlockStore healing = heal ? healingStore(req, node) : null;
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
    int healed = 0;
    int notHealed = 0;
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
          res.emit(
              message("block " + cid + CORRUPT + ", failed to remove (" + Errors.message(e) + ")"));
          continue;
        }
        if (healing != null) {
          try {
            healing.get(cid);
            healed++;
            outcome += ", healed";
          } catch (RuntimeException e) {
            notHealed++;
            outcome += ", failed to heal (" + Errors.message(e) + ")";
          }
        }
        res.emit(message("block " + cid + CORRUPT + outcome));
      }
    } finally {
      // One sync for the removals (a healed block is stored durably by the fetch).
      storage.blocks().sync();
    }
    String summary = "verify complete, " + corrupt + " blocks corrupt, " + removed + " removed";
    if (failed > 0) {
      summary += ", " + failed + " failed to remove";
    }
    if (healed > 0) {
      summary += ", " + healed + " healed";
    }
    if (notHealed > 0) {
      summary += ", " + notHealed + " failed to heal";
    }
    if (failed > 0 || notHealed > 0) {
      throw new IllegalStateException(summary);
    }
    // Kubo succeeds when every corrupt block was removed (and, healing, fetched again).
    res.emit(message(summary));
  }

  /**
   * The blocks that {@code heal} fetches from peers: the daemon's network, waiting {@code
   * heal-timeout} per block (0: until the request ends).
   */
  private static BlockStore healingStore(ApiRequest req, NodeHandle node) {
    String text = req.optionOr("heal-timeout", "30s");
    Duration timeout;
    try {
      timeout = Units.parseDuration(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.client("invalid heal-timeout: " + e.getMessage());
    }
    NodeNetwork network = P2pRpcs.network(node, req);
    return timeout.isZero()
        ? network.blocks(false, req.cancellation().signal())
        : network.blocks(timeout);
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
