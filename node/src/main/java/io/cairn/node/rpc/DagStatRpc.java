package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.dag.DagWalker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code dag/stat}: size and number of blocks of DAGs, each block counted once, as Kubo's {@code
 * DagStatSummary} ({@code {UniqueBlocks, TotalSize, SharedSize, Ratio, DagStats: [{Cid, Size,
 * NumBlocks}]}}, zero values left out). With {@code progress} (the default, as in Kubo) partial
 * summaries come first, at most ten a second; the last value is the result.
 */
final class DagStatRpc implements ApiCommand {
  private static final long PROGRESS_NANOS = 100_000_000L;

  @Override
  public String path() {
    return "dag/stat";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    boolean progress = req.flag(true, "progress", "p");
    List<String> roots = req.requiredArguments("root");
    BlockStore blocks = node.blocks(req);
    DagWalker walker = new DagWalker(blocks, DagWalker.OnMissing.FAIL);
    Set<Cid> unique = new HashSet<>();
    long[] totals = new long[2]; // unique bytes, bytes counted per DAG
    List<long[]> perDag = new ArrayList<>(); // size, blocks
    CidEncoder encoder = CidEncoder.of(req);
    List<String> cids = new ArrayList<>();
    long[] lastEmit = {System.nanoTime()};
    for (String root : roots) {
      Cid cid = Paths.resolve(node, req, blocks, root);
      long[] dag = new long[2];
      cids.add(encoder.encode(cid));
      perDag.add(dag);
      walker.walk(
          cid,
          new HashSet<>(),
          (c, data) -> {
            dag[0] += data.length;
            dag[1]++;
            totals[1] += data.length;
            if (unique.add(c)) {
              totals[0] += data.length;
            }
            long now = System.nanoTime();
            if (progress && now - lastEmit[0] >= PROGRESS_NANOS) {
              lastEmit[0] = now;
              res.emit(summary(cids, perDag, unique.size(), totals));
            }
            return true;
          });
    }
    res.emit(summary(cids, perDag, unique.size(), totals));
  }

  private static Map<String, Object> summary(
      List<String> cids, List<long[]> perDag, int uniqueBlocks, long[] totals) {
    long totalSize = totals[0];
    long redundant = totals[1];
    float ratio = totalSize == 0 ? 0 : (float) redundant / totalSize;
    Map<String, Object> m = new LinkedHashMap<>();
    putNonZero(m, "UniqueBlocks", uniqueBlocks);
    putNonZero(m, "TotalSize", totalSize);
    putNonZero(m, "SharedSize", redundant - totalSize);
    putNonZero(m, "Ratio", ratio);
    List<Map<String, Object>> dags = new ArrayList<>();
    for (int i = 0; i < cids.size(); i++) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("Cid", cids.get(i));
      putNonZero(d, "Size", perDag.get(i)[0]);
      putNonZero(d, "NumBlocks", perDag.get(i)[1]);
      dags.add(d);
    }
    m.put("DagStats", dags);
    return m;
  }

  /** Kubo's DagStatSummary fields are omitempty. */
  private static void putNonZero(Map<String, Object> m, String key, Number value) {
    if (value.doubleValue() != 0) {
      m.put(key, value);
    }
  }
}
