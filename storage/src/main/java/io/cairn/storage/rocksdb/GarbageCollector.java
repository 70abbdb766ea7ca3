package io.cairn.storage.rocksdb;

import io.cairn.storage.BlockRemoval;
import io.cairn.storage.Cid;
import io.cairn.storage.CorruptBlockException;
import io.cairn.storage.GcResult;
import io.cairn.storage.KeyValueTable;
import io.cairn.storage.Multicodec;
import io.cairn.storage.Multihash;
import io.cairn.storage.PinStore;
import io.cairn.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mark and sweep alongside writers. The mark walks every recursive pin's DAG into a compact set of
 * keys; the sweep lists the block index and deletes, a batch at a time and under the batch's key
 * locks, each block neither marked nor protected by a write session (see {@link SessionRegistry}).
 * Pin additions and removals wait for the whole collection ({@code exclusive} is the write side of
 * their lock); session pins do not, as their blocks are protected.
 *
 * <p>The mark set holds each reached key once, prefixed by whether its links were followed (a raw
 * leaf and a dag-pb node may share a multihash): about 50 bytes per block (see {@link ByteKeySet}).
 */
final class GarbageCollector {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
  private static final int SWEEP_BATCH = 256;

  /** The sweep reopens its cursor after this many keys so it does not pin old files for long. */
  private static final int CURSOR_SPAN = 64 * 1024;

  /** The share of garbage in blob files above which a collection rewrites the live blobs. */
  private static final double MAX_BLOB_GARBAGE = 0.25;

  private static final byte LEAF = 0;
  private static final byte NODE = 1;

  /** Points where tests hold a collection to stage races; no-ops otherwise. */
  interface Hooks {
    default void marked() {}

    default void deleted(List<Multihash> removed) {}
  }

  private final RocksDatabase db;
  private final RocksBlockStore blocks;
  private final RocksPinStore pins;
  private final KeyValueTable roots;
  private final SessionRegistry sessions;
  private final Lock exclusive;
  private final Object reclaiming = new Object();
  private volatile Hooks hooks = new Hooks() {};

  GarbageCollector(
      RocksDatabase db,
      RocksBlockStore blocks,
      RocksPinStore pins,
      KeyValueTable roots,
      SessionRegistry sessions,
      Lock exclusive) {
    this.db = db;
    this.blocks = blocks;
    this.pins = pins;
    this.roots = roots;
    this.sessions = sessions;
    this.exclusive = exclusive;
  }

  void hooks(Hooks hooks) {
    this.hooks = hooks;
  }

  GcResult collect(Consumer<Cid> removed) {
    GcResult result;
    exclusive.lock();
    try {
      sessions.collectionStarted();
      try {
        ByteKeySet marked = mark();
        hooks.marked();
        result = sweep(marked, removed);
      } finally {
        sessions.collectionEnded();
      }
    } finally {
      exclusive.unlock();
    }
    reclaimSpace(result.blocksRemoved() > 0);
    LOG.debug("garbage collection: {}", result);
    return result;
  }

  /** {@link io.cairn.storage.Storage#removeBlock}: checks and deletes under the exclusive lock. */
  BlockRemoval removeBlock(Cid cid) {
    Multihash key = cid.multihash();
    exclusive.lock();
    try {
      // as for a collection: a session that pins and closes after the pins were read stays in force
      sessions.collectionStarted();
      try {
        Optional<PinStore.PinType> pin = pins.typeHolding(key);
        if (pin.isPresent()) {
          return BlockRemoval.pinned(pin.get());
        }
        if (cid.isIdentity()) {
          // Nothing is stored for it and its bytes stay in the CID: as Kubo's identity store,
          // which has every identity CID and deletes one as a no-op, the removal succeeds.
          return BlockRemoval.of(BlockRemoval.Outcome.REMOVED);
        }
        if (!blocks.deleteUnless(List.of(key), sessions::isProtected).isEmpty()) {
          return BlockRemoval.of(BlockRemoval.Outcome.REMOVED);
        }
        return BlockRemoval.of(
            blocks.has(cid) ? BlockRemoval.Outcome.IN_USE : BlockRemoval.Outcome.NOT_HELD);
      } finally {
        sessions.collectionEnded();
      }
    } finally {
      exclusive.unlock();
    }
  }

  /**
   * Gives the removed blocks' space back. Pack files go first, after every collection ({@link
   * RocksBlockStore#reclaimPacks}): those left without a live block are deleted, those at least
   * half garbage have their live blocks moved and are deleted too. Blocks written before pack files
   * live in blob files; after a collection that removed blocks, compaction drops their entries and
   * deletes the blob files left wholly garbage: most of a large import's files, since each memtable
   * flush writes its own. Blob files only partly garbage (small imports that shared a flush) are
   * rewritten once their garbage passes a quarter of all blob bytes, which bounds space
   * amplification at 4/3 and costs at most three bytes rewritten per byte freed.
   *
   * @param removedBlocks whether this collection removed blocks
   */
  private void reclaimSpace(boolean removedBlocks) {
    // Runs after the collection's locks are released; one at a time, as the rewrite switches
    // blob garbage collection on and off for the column.
    synchronized (reclaiming) {
      // Every collection: blocks removed since the last one (block rm, repo verify --drop) left
      // their bytes in packs too.
      long packBytes = blocks.reclaimPacks();
      if (packBytes > 0) {
        LOG.info("deleted pack files of {} bytes", packBytes);
      }
      if (!removedBlocks) {
        return;
      }
      db.compact(Column.BLOCK_INDEX, false);
      db.compact(Column.BLOCKS, false);
      long blobBytes = db.longProperty(Column.BLOCKS, "rocksdb.live-blob-file-size");
      long garbage = db.longProperty(Column.BLOCKS, "rocksdb.live-blob-file-garbage-size");
      if (garbage > 0 && garbage >= blobBytes * MAX_BLOB_GARBAGE) {
        LOG.info("rewriting live blocks: {} of {} blob bytes are garbage", garbage, blobBytes);
        db.compact(Column.BLOCKS, true);
      }
    }
  }

  private ByteKeySet mark() {
    ByteKeySet marked = new ByteKeySet();
    for (PinStore.Pin pin : pins.pins()) {
      if (pin.type() == PinStore.PinType.DIRECT) {
        marked.add(LEAF, pin.cid().multihash().bytes());
        continue;
      }
      DagTraversal walk =
          new DagTraversal(
              blocks,
              DagTraversal.Leaves.SKIP,
              cid -> marked.add(cid.isCodec(Multicodec.RAW) ? LEAF : NODE, cid.multihash().bytes()),
              abortFor(pin.cid()));
      walk.add(pin.cid());
      while (walk.next() != null) {
        // marked as reached
      }
    }
    markBestEffortRoots(marked);
    LOG.debug("marked {} keys in {} bytes", marked.size(), marked.memoryBytes());
    return marked;
  }

  /**
   * Marks what the named roots reach (see {@link io.cairn.storage.Storage#setGcRoot}). A root's DAG
   * may be partly held (MFS copies a DAG lazily), so a missing or unreadable block is passed over:
   * the blocks below it cannot be reached from this root and are not kept by it.
   */
  private void markBestEffortRoots(ByteKeySet marked) {
    List<Cid> named;
    try (Stream<Map.Entry<byte[], byte[]>> entries = roots.scan(new byte[0])) {
      named = entries.map(e -> Cid.decode(e.getValue())).toList();
    }
    for (Cid root : named) {
      DagTraversal walk =
          new DagTraversal(
              blocks,
              DagTraversal.Leaves.SKIP,
              cid -> marked.add(cid.isCodec(Multicodec.RAW) ? LEAF : NODE, cid.multihash().bytes()),
              new DagTraversal.Problems() {
                @Override
                public void missing(Cid cid) {
                  LOG.debug("block {} under GC root {} is not held", cid, root);
                }

                @Override
                public void corrupt(Cid cid, RuntimeException cause) {
                  LOG.warn(
                      "block {} under GC root {} is unreadable: {}", cid, root, cause.toString());
                }
              });
      walk.add(root);
      while (walk.next() != null) {
        // marked as reached
      }
    }
  }

  /** Kubo's rule: a pinned DAG that cannot be walked stops the collection before any deletion. */
  private static DagTraversal.Problems abortFor(Cid pin) {
    return new DagTraversal.Problems() {
      @Override
      public void missing(Cid cid) {
        throw new StorageException(
            "garbage collection aborted, nothing deleted: block "
                + cid
                + " under pin "
                + pin
                + " is missing, so the blocks it links to are unknown; run 'cairn pin verify'");
      }

      @Override
      public void corrupt(Cid cid, RuntimeException cause) {
        String why =
            cause instanceof CorruptBlockException ? "is corrupt" : "cannot be decoded: " + cause;
        throw new StorageException(
            "garbage collection aborted, nothing deleted: block "
                + cid
                + " under pin "
                + pin
                + " "
                + why
                + "; run 'cairn repo verify'",
            cause);
      }
    };
  }

  /**
   * Sweeps the block index, then (with the filestore on) the filestore references: a block held
   * both ways is removed from both by the first sweep.
   */
  private GcResult sweep(ByteKeySet marked, Consumer<Cid> removed) {
    GcResult stored = sweep(marked, removed, blocks::index, key -> false);
    if (!blocks.files().enabled()) {
      return stored;
    }
    // A block also stored as bytes was kept or removed, both ways, by the first sweep.
    GcResult referenced = sweep(marked, removed, blocks::references, blocks::stored);
    return new GcResult(
        stored.blocksRemoved() + referenced.blocksRemoved(),
        stored.bytesRemoved() + referenced.bytesRemoved(),
        stored.blocksKept() + referenced.blocksKept());
  }

  private GcResult sweep(
      ByteKeySet marked,
      Consumer<Cid> removed,
      Function<byte[], Cursor<Multihash, ?>> keys,
      Predicate<byte[]> sweptAlready) {
    long removedBlocks = 0;
    long removedBytes = 0;
    long kept = 0;
    byte[] last = null;
    boolean more = true;
    List<Multihash> batch = new ArrayList<>(SWEEP_BATCH);
    while (more) {
      more = false;
      try (Cursor<Multihash, ?> c = keys.apply(last)) {
        for (int seen = 0; c.next(); seen++) {
          if (seen == CURSOR_SPAN) {
            more = true;
            break;
          }
          last = c.rawKey();
          if (sweptAlready.test(last)) {
            continue;
          }
          if (marked.contains(LEAF, last) || marked.contains(NODE, last)) {
            kept++;
          } else {
            batch.add(c.key());
          }
          if (batch.size() == SWEEP_BATCH) {
            long[] r = delete(batch, removed);
            removedBlocks += r[0];
            removedBytes += r[1];
            kept += batch.size() - r[0];
            batch.clear();
          }
        }
      }
    }
    long[] r = delete(batch, removed);
    return new GcResult(removedBlocks + r[0], removedBytes + r[1], kept + batch.size() - r[0]);
  }

  /** Deletes the unprotected keys of a batch; returns the blocks and bytes removed. */
  private long[] delete(List<Multihash> batch, Consumer<Cid> removed) {
    if (batch.isEmpty()) {
      return new long[2];
    }
    List<RocksBlockStore.Removed> gone = blocks.deleteUnless(batch, sessions::isProtected);
    long bytes = 0;
    List<Multihash> keys = new ArrayList<>(gone.size());
    for (RocksBlockStore.Removed r : gone) {
      bytes += r.size();
      keys.add(r.key());
      removed.accept(Cid.v1(Multicodec.RAW, r.key()));
    }
    hooks.deleted(keys);
    return new long[] {gone.size(), bytes};
  }
}
