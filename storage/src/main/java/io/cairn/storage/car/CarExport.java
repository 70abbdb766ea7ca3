package io.cairn.storage.car;

import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.dag.DagWalker;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Exports DAGs as a CARv1, as {@code ipfs dag export} does: every block reachable from the roots,
 * in depth-first pre-order with links followed in the order their blocks store them, each block
 * once. Blocks with identity CIDs are written too when the walk reaches them, as Kubo's exporter
 * (go-car's selective traversal over a blockstore that serves identity CIDs) writes them. Memory
 * holds the set of CIDs visited and the walk's stack; block bytes go out as they are read.
 */
public final class CarExport {
  /**
   * What was written.
   *
   * @param blocks blocks written
   * @param blockBytes bytes of block data written
   * @param carBytes bytes of CAR written, header included
   */
  public record Result(long blocks, long blockBytes, long carBytes) {}

  private CarExport() {}

  /**
   * Writes the DAGs under {@code roots} to {@code out} (which the caller closes).
   *
   * @throws BlockNotFoundException if a reachable block is not in the store
   */
  public static Result write(BlockStore store, List<Cid> roots, OutputStream out) {
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("a CAR export needs at least one root");
    }
    CarWriter writer = CarWriter.create(out, roots);
    DagWalker walker = new DagWalker(store, DagWalker.OnMissing.FAIL);
    Set<Cid> seen = new HashSet<>();
    long[] blockBytes = {0};
    for (Cid root : roots) {
      walker.walk(
          root,
          seen,
          (cid, data) -> {
            writer.write(cid, data);
            blockBytes[0] += data.length;
            return true;
          });
    }
    writer.flush();
    return new Result(writer.blockCount(), blockBytes[0], writer.byteCount());
  }
}
