package io.cairn.storage.spi;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multihash;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * A block store that passes everything to another: a wrapper overrides only what it changes (a
 * store that fetches missing blocks from the network, one that observes reads in a test).
 */
public class ForwardingBlockStore implements BlockStore {
  private final BlockStore store;

  public ForwardingBlockStore(BlockStore store) {
    this.store = java.util.Objects.requireNonNull(store, "store");
  }

  /** The store everything goes to. */
  protected final BlockStore delegate() {
    return store;
  }

  @Override
  public boolean has(Cid cid) {
    return store.has(cid);
  }

  @Override
  public Optional<byte[]> get(Cid cid) {
    return store.get(cid);
  }

  @Override
  public OptionalInt size(Cid cid) {
    return store.size(cid);
  }

  @Override
  public void put(Block block) {
    store.put(block);
  }

  @Override
  public void putAll(Collection<Block> blocks) {
    store.putAll(blocks);
  }

  @Override
  public boolean delete(Cid cid) {
    return store.delete(cid);
  }

  @Override
  public Stream<Multihash> keys() {
    return store.keys();
  }

  @Override
  public void sync() {
    store.sync();
  }

  @Override
  public void close() {
    store.close();
  }
}
