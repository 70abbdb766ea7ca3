package io.cairn.proofs;

import io.cairn.proofs.store.PieceTrees;
import java.nio.file.Path;

/**
 * A piece's commitment with the upper layers of its tree: every node at or above level 10 (one per
 * 1024 leaves, so 1/1024 of the piece's size). An inclusion proof for any leaf then costs one read
 * of the 32,512 payload bytes under its 1024-leaf subtree, about a thousand hashes to rebuild that
 * subtree, and one stored node per level above it.
 */
public interface PieceTree extends AutoCloseable {
  /** The piece: root, height and padding. */
  PieceCid piece();

  /**
   * The inclusion proof of leaf {@code leaf} (0 ≤ leaf < 2^height), reading its subtree's payload
   * from {@code payload}, which must be the piece's payload.
   *
   * @throws IllegalArgumentException if the leaf is outside the tree or the payload has another
   *     size than the piece's
   */
  InclusionProof prove(long leaf, PieceSource payload);

  /** Writes the upper layers to {@code file} (replacing it atomically) for {@link #load}. */
  void save(Path file);

  /** Releases the file a loaded tree reads its nodes from. */
  @Override
  void close();

  /**
   * Opens a tree written by {@link #save}; nodes are read from the file as proofs need them.
   *
   * @throws IllegalArgumentException if the file is not a piece tree or is damaged
   */
  static PieceTree load(Path file) {
    return PieceTrees.load(file);
  }
}
