package io.cairn.proofs;

import io.cairn.proofs.store.CarLayout;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.car.CarWriter;
import io.cairn.storage.dag.DagWalker;
import java.io.ByteArrayOutputStream;
import java.util.HashSet;
import java.util.List;

/**
 * Pieces of DAGs in the node: the DAG under a root CID is written as a CARv1 exactly as {@code
 * cairn dag export} writes it (depth-first, links in block order, each block once) and the CAR
 * bytes stream into the piece hasher, so memory holds the walk and the tree's upper layers, never
 * the CAR. The CAR's layout is kept so proofs can later read it back from the block store.
 */
public final class DagPieces {
  /** A DAG's piece: its tree and where each block sits in its CAR. */
  public record DagPiece(Cid root, PieceTree tree, CarLayout layout) {
    public PieceCid piece() {
      return tree.piece();
    }

    /** The piece payload (the CAR), read from {@code store}. */
    public PieceSource payload(BlockStore store) {
      return layout.source(store);
    }
  }

  private DagPieces() {}

  /**
   * The piece of the CAR of the DAG under {@code root}.
   *
   * @throws io.cairn.storage.BlockNotFoundException if a block of the DAG is not in the store
   */
  public static DagPiece of(BlockStore store, Cid root, HashBackend backend) {
    try (PieceHasher hasher = CommP.hasher(backend)) {
      ByteArrayOutputStream header = new ByteArrayOutputStream();
      CarWriter.create(header, List.of(root));
      CarLayout.Recorder layout = new CarLayout.Recorder();
      layout.header(header.toByteArray());
      CarWriter writer = CarWriter.create(hasher.asOutputStream(), List.of(root));
      new DagWalker(store, DagWalker.OnMissing.FAIL)
          .walk(
              root,
              new HashSet<>(),
              (cid, data) -> {
                layout.section(writer.byteCount(), cid);
                writer.write(cid, data);
                return true;
              });
      PieceTree tree = hasher.finish();
      return new DagPiece(root, tree, layout.finish(writer.byteCount()));
    }
  }
}
