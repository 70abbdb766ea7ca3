package io.cairn.storage.rocksdb;

import io.cairn.storage.BlockRemoval;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Filestore;
import io.cairn.storage.GcResult;
import io.cairn.storage.KeyValueTable;
import io.cairn.storage.PinStore;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.StorageStats;
import io.cairn.storage.VerifyReport;
import io.cairn.storage.WriteSession;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * A node's storage in one RocksDB database: blocks, pins, write sessions, garbage collection and
 * tables of node state. Open it with {@link #open} (creating it when missing) or {@link
 * #openExisting}; close it to persist buffered writes and free native memory.
 */
final class RocksStorage implements Storage {
  /** The state table of {@link #setGcRoot}: name to CID bytes. */
  static final String GC_ROOTS = "gc-roots";

  private final RocksDatabase db;
  private final RocksBlockStore blocks;
  private final RocksPinStore pins;
  private final SessionRegistry sessions = new SessionRegistry();
  private final GarbageCollector collector;
  private final Map<String, KeyValueTable> tables = new ConcurrentHashMap<>();
  private final KeyValueTable gcRoots;
  private final Lock gcShared;
  private final RocksFilestore filestore;

  private RocksStorage(RocksDatabase db, StorageOptions options, Durability bulk) {
    this.db = db;
    if (db.uncleanShutdown()) {
      BlockCounters.recount(db);
    }
    TableMigration.migrate(db);
    // Fair, so a waiting collection is not starved by a stream of pin changes.
    ReentrantReadWriteLock gcLock = new ReentrantReadWriteLock(true);
    this.blocks =
        new RocksBlockStore(
            db,
            options.verifyReads(),
            bulk,
            VerifiedBlockCache.defaultCapacity(),
            new FileReferences(
                db, options.filestoreRoot(), options.urlstore() ? UrlReader.defaults() : null));
    this.filestore =
        options.referencesBlocks() ? new RocksFilestore(db, blocks, blocks.files()) : null;
    this.pins = new RocksPinStore(db, blocks, gcLock.readLock());
    this.gcShared = gcLock.readLock();
    this.gcRoots = table(GC_ROOTS);
    this.collector = new GarbageCollector(db, blocks, pins, gcRoots, sessions, gcLock.writeLock());
  }

  /**
   * Opens the storage in {@code options.directory()}, creating the database if the folder is
   * missing or empty.
   *
   * @throws io.cairn.storage.StorageException if another process holds the repo, or the database is
   *     damaged or of an unknown schema
   */
  static RocksStorage open(StorageOptions options) {
    return open(options, true, Durability.BUFFERED);
  }

  /** Opens the storage only if its database exists. */
  static RocksStorage openExisting(StorageOptions options) {
    return open(options, false, Durability.BUFFERED);
  }

  /**
   * Opens a repo's storage: creates the database only in the folder {@code cairn init} prepared
   * (with {@link StorageOptions#NEW_REPO_MARKER}), and refuses one that is missing or belongs to
   * another repo.
   *
   * @param repoId the repo's identity, recorded in the database and checked at every open
   */
  static RocksStorage openRepo(StorageOptions options, String repoId) {
    return wrap(DatabaseOpener.openRepo(options.directory(), repoId), options, Durability.BUFFERED);
  }

  /** Opens with another durability for bulk block writes (the benchmark's comparison). */
  static RocksStorage open(StorageOptions options, boolean create, Durability bulk) {
    return wrap(DatabaseOpener.open(options.directory(), create), options, bulk);
  }

  private static RocksStorage wrap(RocksDatabase db, StorageOptions options, Durability bulk) {
    try {
      return new RocksStorage(db, options, bulk);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  @Override
  public BlockStore blocks() {
    return blocks;
  }

  @Override
  public PinStore pins() {
    return pins;
  }

  @Override
  public WriteSession beginWrite() {
    db.assertOpen();
    return new RocksWriteSession(blocks, pins, sessions);
  }

  @Override
  public GcResult collectGarbage(Consumer<Cid> removed) {
    return collector.collect(removed);
  }

  @Override
  public void setGcRoot(String name, Cid root) {
    byte[] key = name.getBytes(StandardCharsets.UTF_8);
    gcShared.lock();
    try {
      if (root == null) {
        gcRoots.delete(key);
      } else {
        // Blocks written in bulk may still sit in memory: persist them before the root names them.
        blocks.sync();
        gcRoots.put(key, root.bytes());
      }
    } finally {
      gcShared.unlock();
    }
  }

  @Override
  public Optional<Cid> gcRoot(String name) {
    return gcRoots.get(name.getBytes(StandardCharsets.UTF_8)).map(Cid::decode);
  }

  @Override
  public BlockRemoval removeBlock(Cid cid) {
    return collector.removeBlock(cid);
  }

  @Override
  public VerifyReport verify(Consumer<VerifyReport.Progress> progress) {
    return blocks.verify(progress);
  }

  @Override
  public StorageStats stats() {
    return new StorageStats(blocks.count(), blocks.bytes(), db.diskBytes());
  }

  @Override
  public KeyValueTable table(String name) {
    db.assertOpen();
    return tables.computeIfAbsent(name, n -> new RocksKeyValueTable(db, n));
  }

  @Override
  public Optional<Filestore> filestore() {
    return Optional.ofNullable(filestore);
  }

  GarbageCollector collector() {
    return collector;
  }

  RocksDatabase database() {
    return db;
  }

  @Override
  public void close() {
    db.close();
  }
}
