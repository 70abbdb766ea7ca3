package io.cairn.storage.memory;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multihash;
import io.cairn.storage.StorageException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/** A block store in memory, for tests and {@code --only-hash}-style dry runs. */
final class MemoryBlockStore implements BlockStore {
  private final ConcurrentSkipListMap<Multihash, byte[]> blocks = new ConcurrentSkipListMap<>();
  private volatile boolean closed;

  @Override
  public boolean has(Cid cid) {
    assertOpen();
    return cid.isIdentity() || blocks.containsKey(cid.multihash());
  }

  @Override
  public Optional<byte[]> get(Cid cid) {
    assertOpen();
    if (cid.isIdentity()) {
      return Optional.of(cid.multihash().digest());
    }
    byte[] data = blocks.get(cid.multihash());
    return data == null ? Optional.empty() : Optional.of(data.clone());
  }

  @Override
  public OptionalInt size(Cid cid) {
    assertOpen();
    if (cid.isIdentity()) {
      return OptionalInt.of(cid.multihash().digestLength());
    }
    byte[] data = blocks.get(cid.multihash());
    return data == null ? OptionalInt.empty() : OptionalInt.of(data.length);
  }

  @Override
  public void put(Block block) {
    putAll(List.of(block));
  }

  /** Stores the batch after checking all of it, so a bad block stores none. */
  @Override
  public void putAll(Collection<Block> batch) {
    assertOpen();
    batch.forEach(MemoryBlockStore::validate);
    for (Block block : batch) {
      if (!block.cid().isIdentity()) {
        blocks.putIfAbsent(block.cid().multihash(), block.data().clone());
      }
    }
  }

  private static void validate(Block block) {
    if (block.size() > MAX_BLOCK_SIZE) {
      throw new IllegalArgumentException(
          "block "
              + block.cid()
              + " is "
              + block.size()
              + " bytes, over the "
              + MAX_BLOCK_SIZE
              + "-byte block size limit");
    }
    if (block.cid().multihash().function().isEmpty()) {
      throw new IllegalArgumentException(
          "block "
              + block.cid()
              + " uses hash function "
              + block.cid().multihash().functionName()
              + ", which this node cannot compute, so its bytes could never be checked");
    }
  }

  @Override
  public boolean delete(Cid cid) {
    assertOpen();
    return blocks.remove(cid.multihash()) != null;
  }

  @Override
  public Stream<Multihash> keys() {
    assertOpen();
    return blocks.keySet().stream();
  }

  @Override
  public void sync() {
    assertOpen();
  }

  @Override
  public void close() {
    closed = true;
  }

  private void assertOpen() {
    if (closed) {
      throw new StorageException("block store is closed");
    }
  }
}
