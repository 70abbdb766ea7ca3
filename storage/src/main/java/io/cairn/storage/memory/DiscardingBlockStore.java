package io.cairn.storage.memory;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multihash;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/** A block store that keeps nothing: {@code add --only-hash} computes CIDs without writing. */
final class DiscardingBlockStore implements BlockStore {
  @Override
  public boolean has(Cid cid) {
    return false;
  }

  @Override
  public Optional<byte[]> get(Cid cid) {
    return Optional.empty();
  }

  @Override
  public OptionalInt size(Cid cid) {
    return OptionalInt.empty();
  }

  @Override
  public void put(Block block) {}

  @Override
  public void putAll(Collection<Block> blocks) {}

  @Override
  public boolean delete(Cid cid) {
    return false;
  }

  @Override
  public Stream<Multihash> keys() {
    return Stream.empty();
  }

  @Override
  public void sync() {}

  @Override
  public void close() {}
}
