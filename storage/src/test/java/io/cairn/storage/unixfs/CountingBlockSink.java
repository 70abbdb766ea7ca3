package io.cairn.storage.unixfs;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.Multihash;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** A block store that keeps nothing and counts what it is given, for large imports in tests. */
class CountingBlockSink implements BlockStore {
  private final BlockStore none = BlockStores.discarding();

  final AtomicLong blocks = new AtomicLong();
  final AtomicLong bytes = new AtomicLong();
  final AtomicLong batches = new AtomicLong();
  volatile int largestBlock;

  /** When set, every batch fails with it. */
  volatile RuntimeException failure;

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
  public boolean has(Cid cid) {
    return none.has(cid);
  }

  @Override
  public Optional<byte[]> get(Cid cid) {
    return none.get(cid);
  }

  @Override
  public OptionalInt size(Cid cid) {
    return none.size(cid);
  }

  @Override
  public boolean delete(Cid cid) {
    return none.delete(cid);
  }

  @Override
  public Stream<Multihash> keys() {
    return none.keys();
  }

  @Override
  public void sync() {}

  @Override
  public void close() {}
}
