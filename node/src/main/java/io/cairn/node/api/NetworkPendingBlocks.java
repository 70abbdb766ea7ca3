package io.cairn.node.api;

import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.spi.ForwardingBlockStore;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * A command's blocks on a daemon whose network is still starting: the repo's, and for a block the
 * repo lacks, the network's fetching store once the network is up (waiting for it), or the repo's
 * alone if it does not come up. A read of a block held never waits; writes go to the repo.
 */
final class NetworkPendingBlocks extends ForwardingBlockStore {
  private final Supplier<Optional<BlockStore>> awaitFetching;
  private BlockStore fetching;

  /**
   * @param awaitFetching waits for the network and gives its fetching store, or empty when the
   *     daemon runs without one after all
   */
  NetworkPendingBlocks(BlockStore local, Supplier<Optional<BlockStore>> awaitFetching) {
    super(local);
    this.awaitFetching = awaitFetching;
  }

  private synchronized BlockStore fetching() {
    if (fetching == null) {
      fetching = awaitFetching.get().orElse(delegate());
    }
    return fetching;
  }

  @Override
  public Optional<byte[]> get(Cid cid) {
    Optional<byte[]> held = delegate().get(cid);
    return held.isPresent() ? held : fetching().get(cid);
  }

  @Override
  public OptionalInt size(Cid cid) {
    OptionalInt held = delegate().size(cid);
    return held.isPresent() ? held : fetching().size(cid);
  }

  /** Closes nothing: the repo's store belongs to the repo. */
  @Override
  public void close() {}
}
