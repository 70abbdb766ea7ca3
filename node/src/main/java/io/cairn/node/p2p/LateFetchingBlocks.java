package io.cairn.node.p2p;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multihash;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The repo's blocks for a service built before the network starts (the gateway): reads go to the
 * network's fetching store once it runs, to the repo alone before; writes always to the repo.
 */
final class LateFetchingBlocks implements BlockStore {
  private final BlockStore local;
  private final Supplier<BlockStore> fetching;

  LateFetchingBlocks(BlockStore local, Supplier<BlockStore> fetching) {
    this.local = local;
    this.fetching = fetching;
  }

  private BlockStore reads() {
    BlockStore f = fetching.get();
    return f != null ? f : local;
  }

  @Override
  public boolean has(Cid cid) {
    return local.has(cid);
  }

  @Override
  public Optional<byte[]> get(Cid cid) {
    return reads().get(cid);
  }

  @Override
  public OptionalInt size(Cid cid) {
    return reads().size(cid);
  }

  @Override
  public void put(Block block) {
    local.put(block);
  }

  @Override
  public void putAll(Collection<Block> blocks) {
    local.putAll(blocks);
  }

  @Override
  public boolean delete(Cid cid) {
    return local.delete(cid);
  }

  @Override
  public Stream<Multihash> keys() {
    return local.keys();
  }

  @Override
  public void sync() {
    local.sync();
  }

  @Override
  public void close() {}
}
