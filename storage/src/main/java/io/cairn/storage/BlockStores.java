package io.cairn.storage;

import io.cairn.storage.memory.MemoryStores;

/** Block stores that live in memory; a node's own store is {@link Storage#blocks()}. */
public final class BlockStores {
  private BlockStores() {}

  /** A new, empty block store in memory, for tests and {@code --only-hash}-style dry runs. */
  public static BlockStore memory() {
    return MemoryStores.memory();
  }

  /**
   * A block store that keeps nothing: puts are dropped and nothing is ever held, so {@code add
   * --only-hash} computes CIDs without writing.
   */
  public static BlockStore discarding() {
    return MemoryStores.discarding();
  }
}
