package io.cairn.storage.rocksdb;

import io.cairn.storage.Block;
import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multihash;
import io.cairn.storage.WriteSession;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * A write whose blocks garbage collection keeps until it closes. Its block store writes in bulk
 * (durable at {@link BlockStore#sync} or {@link #pin}) and protects every key it writes or finds
 * already held, under the key's lock, before it checks the key.
 */
final class RocksWriteSession implements WriteSession {
  private final RocksBlockStore store;
  private final RocksPinStore pins;
  private final SessionRegistry registry;
  private final SessionRegistry.Keys keys;
  private final BlockStore view = new Protecting();
  private volatile boolean closed;

  RocksWriteSession(RocksBlockStore store, RocksPinStore pins, SessionRegistry registry) {
    this.store = store;
    this.pins = pins;
    this.registry = registry;
    this.keys = registry.open();
  }

  @Override
  public BlockStore blocks() {
    return view;
  }

  /**
   * Syncs the session's blocks, then stores the pin. The root must have been written or found in
   * this session: its DAG is then protected, and the caller wrote it whole.
   */
  @Override
  public void pin(Cid root, boolean recursive, String name) {
    assertOpen();
    if (!root.isIdentity() && !keys.contains(root.multihash())) {
      throw new IllegalArgumentException(
          "pin root "
              + root
              + " was not written in this write session; pin it with the pin store, which checks"
              + " its DAG");
    }
    if (!store.has(root)) {
      throw new BlockNotFoundException(root);
    }
    store.sync();
    pins.record(root, recursive, name);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      registry.close(keys);
    }
  }

  private void assertOpen() {
    if (closed) {
      throw new IllegalStateException("write session is closed");
    }
  }

  private final class Protecting implements BlockStore {
    @Override
    public boolean has(Cid cid) {
      assertOpen();
      return store.has(cid, keys::add);
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
      putAll(List.of(block));
    }

    @Override
    public void putAll(Collection<Block> blocks) {
      assertOpen();
      store.putAll(blocks, keys::add);
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
    public void close() {}
  }
}
