package io.cairn.storage.unixfs;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStores;
import io.cairn.storage.spi.ForwardingBlockStore;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/** A block store that keeps nothing and counts what it is given, for large imports in tests. */
class CountingBlockSink extends ForwardingBlockStore {
  final AtomicLong blocks = new AtomicLong();
  final AtomicLong bytes = new AtomicLong();
  final AtomicLong batches = new AtomicLong();
  volatile int largestBlock;

  /** When set, every batch fails with it. */
  volatile RuntimeException failure;

  CountingBlockSink() {
    super(BlockStores.discarding());
  }

  @Override
  public void put(Block block) {
    blocks.incrementAndGet();
    bytes.addAndGet(block.size());
    largestBlock = Math.max(largestBlock, block.size());
  }

  @Override
  public void putAll(Collection<Block> batch) {
    if (failure != null) {
      throw failure;
    }
    batches.incrementAndGet();
    batch.forEach(this::put);
  }

  @Override
  public void sync() {}

  @Override
  public void close() {}
}
