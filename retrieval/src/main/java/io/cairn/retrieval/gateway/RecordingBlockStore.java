package io.cairn.retrieval.gateway;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multihash;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * A read-only view of a block store that remembers, in order, every block read through it: the
 * blocks a path resolution crossed, which a CAR response must carry. Used by one thread.
 */
final class RecordingBlockStore implements BlockStore {
  private final BlockStore store;
  private final List<Cid> read = new ArrayList<>();

  RecordingBlockStore(BlockStore store) {
    this.store = store;
  }

  /** The CIDs of the blocks read, in order. */
  List<Cid> read() {
    return read;
  }

  @Override
  public boolean has(Cid cid) {
    return store.has(cid);
  }

  @Override
  public Optional<byte[]> get(Cid cid) {
    Optional<byte[]> data = store.get(cid);
    if (data.isPresent()) {
      read.add(cid);
    }
    return data;
  }

  @Override
  public OptionalInt size(Cid cid) {
    return store.size(cid);
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
  public Stream<Multihash> keys() {
    return store.keys();
  }

  @Override
  public void sync() {}

  @Override
  public void close() {}
}
