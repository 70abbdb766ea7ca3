package io.cairn.storage.rocksdb;

import io.cairn.storage.Block;
import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.Multihash;
import io.cairn.storage.WriteSession;
import io.cairn.storage.codec.Links;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * A write whose blocks garbage collection keeps until it closes. Its block store writes in bulk
 * (durable at {@link BlockStore#sync} or {@link #pin}) and protects every key it writes or finds
 * already held, under the key's lock, before it checks the key.
 *
 * <p>A recursive pin must name a whole DAG, and every block of it must be protected until the pin
 * is stored, or a collection running meanwhile could sweep a block the session never touched (one
 * the writer found already held, as a CAR of changed blocks leaves most of a DAG). The session
 * remembers which of its blocks head a DAG it wrote or found whole: raw blocks, and blocks whose
 * links all lead to such blocks when they are written (an importer writes children first). The pin
 * walks the rest of the DAG, protecting each block before it checks or reads it.
 */
final class RocksWriteSession implements WriteSession {
  private final RocksBlockStore store;
  private final RocksPinStore pins;
  private final SessionRegistry registry;
  private final SessionRegistry.Keys keys;
  private final BlockStore view = new Protecting(false);
  private final Whole whole = new Whole();
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
   * Syncs the session's blocks, then stores the pin. The root must be held (the session protects
   * it, if it did not already); a recursive pin's DAG must be held whole, and is protected block by
   * block as it is checked.
   *
   * @throws BlockNotFoundException naming the first block of the DAG that is not held
   */
  @Override
  public void pin(Cid root, boolean recursive, String name) {
    assertOpen();
    // Protected from here on, whether this session wrote it or found it held (as Kubo's dag import
    // pins a root the repo already holds).
    if (!view.has(root)) {
      throw new BlockNotFoundException(root);
    }
    if (recursive) {
      ByteKeySet seen = new ByteKeySet();
      DagTraversal walk =
          new DagTraversal(
              new Protecting(true),
              DagTraversal.Leaves.CHECK,
              cid -> !whole.contains(cid) && seen.add(cid.bytes()),
              DagTraversal.FAIL);
      walk.add(root);
      while (walk.next() != null) {
        // each block reached is protected and held
      }
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

  /** The CIDs of the session's blocks whose whole DAG the session wrote or found; thread-safe. */
  private static final class Whole {
    private final ByteKeySet cids = new ByteKeySet();

    synchronized boolean contains(Cid cid) {
      return (cid.isIdentity() && cid.isCodec(Multicodec.RAW)) || cids.contains(cid.bytes());
    }

    synchronized void add(Cid cid) {
      cids.add(cid.bytes());
    }

    /** Records the written blocks whose links all lead to whole DAGs, in the order given. */
    synchronized void written(Collection<Block> blocks) {
      for (Block b : blocks) {
        if (b.cid().isCodec(Multicodec.RAW)) {
          cids.add(b.cid().bytes());
          continue;
        }
        List<Cid> links;
        try {
          links = Links.of(b.cid(), b.data());
        } catch (RuntimeException undecodable) {
          continue; // a pin's walk meets it and reports it
        }
        if (links.stream().allMatch(this::contains)) {
          cids.add(b.cid().bytes());
        }
      }
    }
  }

  private final class Protecting implements BlockStore {
    private final boolean protectReads;

    /**
     * @param protectReads whether a read protects its block too (a pin's walk)
     */
    Protecting(boolean protectReads) {
      this.protectReads = protectReads;
    }

    @Override
    public boolean has(Cid cid) {
      assertOpen();
      boolean held = store.has(cid, keys::add);
      if (held && cid.isCodec(Multicodec.RAW)) {
        whole.add(cid);
      }
      return held;
    }

    @Override
    public Optional<byte[]> get(Cid cid) {
      if (protectReads && !has(cid)) {
        return Optional.empty();
      }
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
      whole.written(blocks);
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
