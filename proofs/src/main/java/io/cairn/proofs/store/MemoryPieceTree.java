package io.cairn.proofs.store;

import io.cairn.proofs.InclusionProof;
import io.cairn.proofs.PieceCid;
import io.cairn.proofs.PieceSource;
import io.cairn.proofs.PieceTree;
import io.cairn.proofs.hash.UpperLayers;
import java.nio.file.Path;

/** A tree just computed: its upper layers in memory (none for pieces of one unit or less). */
final class MemoryPieceTree implements PieceTree {
  private final PieceCid piece;
  private final UpperLayers upper;

  MemoryPieceTree(PieceCid piece, UpperLayers upper) {
    if ((upper == null) != (piece.height() <= UpperLayers.BASE)) {
      throw new IllegalArgumentException(
          "a tree of height " + piece.height() + " keeps layers only above height 10");
    }
    this.piece = piece;
    this.upper = upper;
  }

  @Override
  public PieceCid piece() {
    return piece;
  }

  @Override
  public InclusionProof prove(long leaf, PieceSource payload) {
    return TreeProofs.prove(piece, upper == null ? null : upper::node, leaf, payload);
  }

  @Override
  public void save(Path file) {
    TreeFile.write(file, piece, upper);
  }

  @Override
  public void close() {}
}
