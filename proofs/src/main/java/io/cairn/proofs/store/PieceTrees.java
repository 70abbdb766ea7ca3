package io.cairn.proofs.store;

import io.cairn.proofs.PieceCid;
import io.cairn.proofs.PieceTree;
import io.cairn.proofs.hash.UpperLayers;
import java.nio.file.Path;

/** Makes {@link PieceTree}s: just computed, or loaded from a tree file. */
public final class PieceTrees {
  private PieceTrees() {}

  /** A tree held in memory; {@code upper} is null for pieces of height 10 or less. */
  public static PieceTree inMemory(PieceCid piece, UpperLayers upper) {
    return new MemoryPieceTree(piece, upper);
  }

  public static PieceTree load(Path file) {
    return TreeFile.open(file);
  }
}
