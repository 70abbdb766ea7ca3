package io.cairn.node.p2p;

import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.spi.ForwardingBlockStore;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The repo's blocks for a service built before the network starts (the gateway): reads go to the
 * network's fetching store once it runs, to the repo alone before; writes always to the repo.
 */
final class LateFetchingBlocks extends ForwardingBlockStore {
  private final Supplier<BlockStore> fetching;

  LateFetchingBlocks(BlockStore local, Supplier<BlockStore> fetching) {
    super(local);
    this.fetching = fetching;
  }

  private BlockStore reads() {
    BlockStore f = fetching.get();
    return f != null ? f : delegate();
  }

  @Override
  public Optional<byte[]> get(Cid cid) {
    return reads().get(cid);
  }

  @Override
  public OptionalInt size(Cid cid) {
    return reads().size(cid);
  }

  /** Closes nothing: the repo's store belongs to the repo. */
  @Override
  public void close() {}
}
