package io.cairn.proofs;

import io.cairn.proofs.store.DirectoryPieceStore;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The pieces a provider keeps proving: for each, the upper layers of its tree (1/1024 of its size)
 * and where its payload is, either a file that stays where it is or the CAR of a DAG in the block
 * store (its layout kept, its bytes read back from the blocks). Data is never stored twice.
 */
public interface PieceStore {
  /** A piece kept here and where its payload comes from. */
  record Entry(PieceCid piece, Optional<Path> file, Optional<Cid> dag) {}

  /** Opens (creating it if needed) the store in {@code dir}. */
  static PieceStore open(Path dir) {
    return DirectoryPieceStore.open(dir);
  }

  /** Makes the piece of a file and keeps its tree; the file must not change afterwards. */
  PieceCid addFile(Path file, HashBackend backend);

  /** Makes the piece of the CAR of a DAG in {@code blocks} and keeps its tree and CAR layout. */
  PieceCid addDag(BlockStore blocks, Cid root, HashBackend backend);

  /** The pieces kept, in no particular order. */
  List<Entry> list();

  Optional<Entry> get(PieceCid piece);

  /**
   * What proving a kept piece needs: its tree and payload ({@code blocks} serves DAG pieces).
   *
   * @throws IllegalArgumentException if the piece is not kept here, or its file changed size
   */
  Prover.Provable open(PieceCid piece, BlockStore blocks);

  /** Forgets a piece (its file or blocks are left alone). */
  boolean remove(PieceCid piece);
}
