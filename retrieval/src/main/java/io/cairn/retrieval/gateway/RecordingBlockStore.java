package io.cairn.retrieval.gateway;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.spi.ForwardingBlockStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A read-only view of a block store that remembers, in order, every block read through it: the
 * blocks a path resolution crossed, which a CAR response must carry. Used by one thread.
 */
final class RecordingBlockStore extends ForwardingBlockStore {
  private final List<Cid> read = new ArrayList<>();

  RecordingBlockStore(BlockStore store) {
    super(store);
  }

  /** The CIDs of the blocks read, in order. */
  List<Cid> read() {
    return read;
  }

  @Override
  public Optional<byte[]> get(Cid cid) {
    Optional<byte[]> data = super.get(cid);
    if (data.isPresent()) {
      read.add(cid);
    }
    return data;
  }

  @Override
  public void put(Block block) {
    throw new UnsupportedOperationException("the gateway does not write blocks");
  }

  @Override
  public void putAll(Collection<Block> blocks) {
    throw new UnsupportedOperationException("the gateway does not write blocks");
  }

  @Override
  public boolean delete(Cid cid) {
    throw new UnsupportedOperationException("the gateway does not delete blocks");
  }

  @Override
  public void sync() {}

  @Override
  public void close() {}
}
