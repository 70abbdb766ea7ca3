package io.cairn.storage.memory;

import io.cairn.storage.BlockStore;

/**
 * This package's one public door, for {@link io.cairn.storage.BlockStores}: other modules open
 * block stores there.
 */
public final class MemoryStores {
  private MemoryStores() {}

  /** A new, empty block store in memory. */
  public static BlockStore memory() {
    return new MemoryBlockStore();
  }

  /** A block store that keeps nothing. */
  public static BlockStore discarding() {
    return new DiscardingBlockStore();
  }
}
