package io.cairn.storage.rocksdb;

import io.cairn.storage.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.MutableColumnFamilyOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The typed accessor over one RocksDB database: typed columns, write batches ({@link Transaction}),
 * range cursors, flushes. Every {@link RocksDBException} is turned into a {@link StorageException}
 * by {@link RocksErrors}. Calls take a shared lock that {@link #close} takes exclusively, so no
 * native call can run on a closed handle.
 */
final class RocksDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RocksDatabase.class);

  /** Present in the meta column while a process has the database open. */
  static final String OPEN_KEY = "open";

  private final Path directory;
  private final RocksTuning tuning;
  private final PackFiles packs;
  private final RocksDB db;
  private final List<ColumnFamilyHandle> allHandles;
  private final Map<Column<?, ?>, ColumnFamilyHandle> handles = new IdentityHashMap<>();
  private final Map<Durability, WriteOptions> writeOptions = new IdentityHashMap<>();

  /**
   * Reads that skip RocksDB's own checksums: for block values, which the block store re-hashes
   * against their multihash anyway, a stronger check than the CRC (and half the CPU of a read).
   */
  private final ReadOptions unchecked = new ReadOptions().setVerifyChecksums(false);

  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final Set<Cursor<?, ?>> cursors = ConcurrentHashMap.newKeySet();
  private boolean uncleanShutdown;
  private volatile boolean closed;

  /** Takes over an open database; {@link DatabaseOpener} makes it. */
  RocksDatabase(
      Path directory,
      RocksTuning tuning,
      PackFiles packs,
      RocksDB db,
      List<ColumnFamilyHandle> allHandles) {
    this.directory = directory;
    this.tuning = tuning;
    this.packs = packs;
    this.db = db;
    this.allHandles = allHandles;
    // RocksDB returns the handles in the order of the descriptors: default, then Column.ALL.
    for (int i = 0; i < Column.ALL.size(); i++) {
      handles.put(Column.ALL.get(i), allHandles.get(i + 1));
    }
    writeOptions.put(Durability.BUFFERED, new WriteOptions().setDisableWAL(true));
    writeOptions.put(Durability.LOGGED, new WriteOptions());
    writeOptions.put(Durability.SYNCED, new WriteOptions().setSync(true));
  }

  /** Whether the previous process using this database ended without closing it (a crash). */
  boolean uncleanShutdown() {
    return uncleanShutdown;
  }

  void uncleanShutdown(boolean unclean) {
    this.uncleanShutdown = unclean;
  }

  Path directory() {
    return directory;
  }

  /** The pack files holding large blocks' bytes; they close with the database. */
  PackFiles packs() {
    return packs;
  }

  <K, V> Optional<V> get(Column<K, V> column, K key) {
    byte[] v = getRaw(column, column.keys().serialize(key));
    return v == null ? Optional.empty() : Optional.of(decode(column, column.values(), v));
  }

  byte[] getRaw(Column<?, ?> column, byte[] key) {
    enter();
    try {
      return db.get(handle(column), key);
    } catch (RocksDBException e) {
      throw RocksErrors.translate(e, "read from " + column, directory);
    } finally {
      exit();
    }
  }

  /** As {@link #getRaw}, without RocksDB's checksum check: only for values the caller verifies. */
  byte[] getRawUnchecked(Column<?, ?> column, byte[] key) {
    enter();
    try {
      return db.get(handle(column), unchecked, key);
    } catch (RocksDBException e) {
      throw RocksErrors.translate(e, "read from " + column, directory);
    } finally {
      exit();
    }
  }

  <K, V> void put(Column<K, V> column, K key, V value, Durability durability) {
    putRaw(column, column.keys().serialize(key), column.values().serialize(value), durability);
  }

  void putRaw(Column<?, ?> column, byte[] key, byte[] value, Durability durability) {
    enter();
    try {
      db.put(handle(column), writeOptions.get(durability), key, value);
    } catch (RocksDBException e) {
      throw RocksErrors.translate(e, "write to " + column, directory);
    } finally {
      exit();
    }
  }

  <K> void delete(Column<K, ?> column, K key, Durability durability) {
    enter();
    try {
      db.delete(handle(column), writeOptions.get(durability), column.keys().serialize(key));
    } catch (RocksDBException e) {
      throw RocksErrors.translate(e, "delete from " + column, directory);
    } finally {
      exit();
    }
  }

  /** A new write batch; commit or roll it back, and close it. */
  Transaction begin() {
    return begin(0);
  }

  /** A new write batch with room for about {@code reserve} bytes of keys and values. */
  Transaction begin(int reserve) {
    assertOpen();
    return new Transaction(this, reserve);
  }

  void write(WriteBatch batch, Durability durability) {
    enter();
    try {
      db.write(writeOptions.get(durability), batch);
    } catch (RocksDBException e) {
      throw RocksErrors.translate(e, "write a batch of " + batch.count() + " entries", directory);
    } finally {
      exit();
    }
  }

  /**
   * A cursor over keys in {@code [lower, upper)}; null bounds are open. Close it when done.
   *
   * @param values whether the cursor reads values too
   */
  <K, V> Cursor<K, V> cursor(Column<K, V> column, byte[] lower, byte[] upper, boolean values) {
    enter();
    try {
      Cursor<K, V> c = new Cursor<>(this, db, handle(column), column, lower, upper, values);
      cursors.add(c);
      return c;
    } finally {
      exit();
    }
  }

  void forget(Cursor<?, ?> cursor) {
    cursors.remove(cursor);
  }

  /**
   * Persists the columns' memtables together and waits; writes made before the call are durable.
   */
  void flush(List<Column<?, ?>> columns) {
    enter();
    try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
      db.flush(options, columns.stream().map(this::handle).toList());
    } catch (RocksDBException e) {
      throw RocksErrors.translate(e, "flush " + columns, directory);
    } finally {
      exit();
    }
  }

  /** Syncs the write-ahead log: every logged write made before the call is durable. */
  void syncLog() {
    enter();
    try {
      db.syncWal();
    } catch (RocksDBException e) {
      throw RocksErrors.translate(e, "sync the write-ahead log", directory);
    } finally {
      exit();
    }
  }

  /**
   * Compacts the whole of a column, dropping deleted entries and, with them, blob files left wholly
   * garbage.
   *
   * @param relocateBlobs also rewrite every live blob into new files, so blob files only partly
   *     garbage are freed too (a rewrite of all live block bytes)
   */
  void compact(Column<?, ?> column, boolean relocateBlobs) {
    enter();
    try (CompactRangeOptions options = new CompactRangeOptions()) {
      ColumnFamilyHandle h = handle(column);
      if (!relocateBlobs) {
        db.compactRange(h, null, null, options);
        return;
      }
      options.setBottommostLevelCompaction(
          CompactRangeOptions.BottommostLevelCompaction.kForceOptimized);
      db.setOptions(h, blobCollection(true));
      try {
        db.compactRange(h, null, null, options);
      } finally {
        db.setOptions(h, blobCollection(false));
      }
    } catch (RocksDBException e) {
      throw RocksErrors.translate(e, "compact " + column, directory);
    } finally {
      exit();
    }
  }

  private static MutableColumnFamilyOptions blobCollection(boolean on) {
    return MutableColumnFamilyOptions.builder()
        .setEnableBlobGarbageCollection(on)
        .setBlobGarbageCollectionAgeCutoff(1.0)
        .build();
  }

  long longProperty(Column<?, ?> column, String property) {
    enter();
    try {
      return db.getLongProperty(handle(column), property);
    } catch (RocksDBException e) {
      throw RocksErrors.translate(e, "read property " + property, directory);
    } finally {
      exit();
    }
  }

  /** Bytes of every file in the database folder. */
  long diskBytes() {
    assertOpen();
    try {
      return folderBytes(directory);
    } catch (IOException e) {
      throw new StorageException("cannot measure the repo database folder " + directory, e);
    }
  }

  /** Sums file sizes, skipping files that background jobs delete while the walk goes. */
  private static long folderBytes(Path folder) throws IOException {
    long total = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path p : entries) {
        try {
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
          total += a.isDirectory() ? folderBytes(p) : a.size();
        } catch (NoSuchFileException e) {
          // removed by a flush or compaction since the folder was listed
        }
      }
    }
    return total;
  }

  void assertOpen() {
    if (closed) {
      throw closedError();
    }
  }

  /** Takes the shared lifecycle lock; pair with {@link #exit()}. */
  void enter() {
    lifecycle.readLock().lock();
    if (closed) {
      lifecycle.readLock().unlock();
      throw closedError();
    }
  }

  /** Like {@link #enter()}, but returns false instead of throwing when the database is closed. */
  boolean tryEnter() {
    lifecycle.readLock().lock();
    if (closed) {
      lifecycle.readLock().unlock();
      return false;
    }
    return true;
  }

  void exit() {
    lifecycle.readLock().unlock();
  }

  private StorageException closedError() {
    return new StorageException("storage at " + directory + " is closed");
  }

  ColumnFamilyHandle handle(Column<?, ?> column) {
    return handles.get(column);
  }

  static <T> T decode(Column<?, ?> column, Serializer<T> serializer, byte[] bytes) {
    try {
      return serializer.deserialize(bytes);
    } catch (IllegalArgumentException e) {
      throw new StorageException(
          "the repo database holds a damaged entry in column " + column + ": " + e.getMessage(), e);
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Persists buffered writes, marks the shutdown clean and frees every native handle: cursors,
   * column families, the database, then the options it was opened with.
   */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
        db.flush(options, Column.BUFFERED.stream().map(this::handle).toList());
        db.delete(handle(Column.META), writeOptions.get(Durability.SYNCED), bytes(OPEN_KEY));
      } catch (RocksDBException e) {
        LOG.warn("could not persist the repo database at {} before closing: {}", directory, e);
      }
      closed = true;
      release();
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  /** Closes without persisting anything or touching the open marker (a failed open). */
  void abandon() {
    lifecycle.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        release();
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private void release() {
    for (Cursor<?, ?> c : cursors) {
      c.release();
    }
    cursors.clear();
    allHandles.forEach(ColumnFamilyHandle::close);
    try {
      db.closeE();
    } catch (RocksDBException e) {
      LOG.warn("error closing the repo database at {}: {}", directory, e.getMessage());
    }
    writeOptions.values().forEach(WriteOptions::close);
    unchecked.close();
    tuning.close();
    packs.close();
  }
}
