package io.cairn.storage.rocksdb;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.CorruptBlockException;
import io.cairn.storage.Multicodec;
import io.cairn.storage.Multihash;
import io.cairn.storage.StorageException;
import io.cairn.storage.VerifyReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * Blocks in RocksDB: bytes in the blocks column (blob files for all but small blocks), sizes in the
 * block index, both keyed by multihash and written in one batch with the counters.
 *
 * <p>{@link #putAll} writes without the write-ahead log and is durable after {@link #sync}, which
 * flushes the block columns; a crash before that loses only blocks no pin can name yet, as pins are
 * written after a sync. {@link #put} of a single block is logged and synced before it returns.
 *
 * <p>With verified reads, {@link #get} keeps recently verified blocks in a bounded {@link
 * VerifiedBlockCache}, so a hot block is hashed once; every removal ({@link #delete}, garbage
 * collection, {@code repo verify --drop}) goes through {@link #deleteUnless}, which evicts it.
 * {@link #verify} always reads the disk.
 */
final class RocksBlockStore implements BlockStore {
  private static final int PROGRESS_EVERY = 1024;

  private final RocksDatabase db;
  private final boolean verifyReads;
  private final Durability bulk;
  private final KeyLocks locks = new KeyLocks();
  private final AtomicLong bufferedWrites = new AtomicLong();
  private final AtomicLong syncedWrites = new AtomicLong();
  private final VerifiedBlockCache verified;

  /**
   * @param bulk the durability of {@link #putAll}: {@link Durability#BUFFERED} normally; logged
   *     only to measure what skipping the log saves
   */
  RocksBlockStore(RocksDatabase db, boolean verifyReads, Durability bulk) {
    this(db, verifyReads, bulk, VerifiedBlockCache.defaultCapacity());
  }

  /**
   * @param cacheBytes the bound of the cache of verified blocks (only with {@code verifyReads}); 0
   *     for none
   */
  RocksBlockStore(RocksDatabase db, boolean verifyReads, Durability bulk, long cacheBytes) {
    this.db = db;
    this.verifyReads = verifyReads;
    this.bulk = bulk;
    this.verified = new VerifiedBlockCache(verifyReads ? cacheBytes : 0);
  }

  @Override
  public boolean has(Cid cid) {
    return cid.isIdentity() || db.getRaw(Column.BLOCK_INDEX, key(cid)) != null;
  }

  @Override
  public Optional<byte[]> get(Cid cid) {
    if (cid.isIdentity()) {
      return Optional.of(cid.multihash().digest());
    }
    Multihash key = cid.multihash();
    byte[] hot = verified.get(key);
    if (hot != null) {
      return Optional.of(hot);
    }
    long epoch = verified.epoch();
    byte[] data = readChecked(cid);
    if (data != null && verifyReads) {
      if (!matches(key, data)) {
        throw new CorruptBlockException(cid, "disk");
      }
      verified.offer(key, data, epoch);
    }
    return Optional.ofNullable(data);
  }

  /** Reads a block's bytes, turning RocksDB's own checksum failures into a corrupt block. */
  private byte[] readChecked(Cid cid) {
    try {
      // With verified reads the SHA-256 check below replaces RocksDB's CRC check.
      return verifyReads
          ? db.getRawUnchecked(Column.BLOCKS, key(cid))
          : db.getRaw(Column.BLOCKS, key(cid));
    } catch (StorageException e) {
      if (e.getCause() instanceof RocksDBException r
          && r.getStatus() != null
          && r.getStatus().getCode() == Status.Code.Corruption) {
        CorruptBlockException c = new CorruptBlockException(cid, "disk");
        c.addSuppressed(e);
        throw c;
      }
      throw e;
    }
  }

  private static boolean matches(Multihash mh, byte[] data) {
    // Blocks of an unknown function are refused on put, so every stored one can be checked.
    return mh.function().isEmpty() || mh.matches(data);
  }

  @Override
  public OptionalInt size(Cid cid) {
    if (cid.isIdentity()) {
      return OptionalInt.of(cid.multihash().digestLength());
    }
    return db.get(Column.BLOCK_INDEX, cid.multihash())
        .map(OptionalInt::of)
        .orElse(OptionalInt.empty());
  }

  @Override
  public void put(Block block) {
    write(List.of(block), Durability.SYNCED, null);
  }

  @Override
  public void putAll(Collection<Block> blocks) {
    write(blocks, bulk, null);
  }

  /** {@link #putAll}, calling {@code whileLocked} with each key under its lock. */
  void putAll(Collection<Block> blocks, Consumer<Multihash> whileLocked) {
    write(blocks, bulk, whileLocked);
  }

  /**
   * Writes the blocks not yet held, each checked and written under its key's lock, with the
   * counters in the same batch.
   *
   * @param whileLocked called with each key while its lock is held, before the key is checked
   */
  @SuppressWarnings("try") // the lock holder is used only for its close
  void write(Collection<Block> blocks, Durability durability, Consumer<Multihash> whileLocked) {
    Map<Multihash, Block> byKey = new LinkedHashMap<>();
    for (Block b : blocks) {
      validate(b);
      if (!b.cid().isIdentity()) {
        byKey.putIfAbsent(b.cid().multihash(), b);
      }
    }
    if (byKey.isEmpty()) {
      return;
    }
    // A logged write of a block already held must still make it durable: it may sit in a
    // memtable from a bulk write that no sync has persisted yet.
    boolean rewrite = durability != Durability.BUFFERED && hasUnsyncedWrites();
    long reserve = 64;
    for (Block b : byKey.values()) {
      reserve += b.size() + 2L * b.cid().multihash().encodedLength() + 32;
    }
    try (KeyLocks.Held held = locks.lockAll(byKey.keySet());
        Transaction tx = db.begin((int) Math.min(reserve, Integer.MAX_VALUE))) {
      long count = 0;
      long bytes = 0;
      for (Map.Entry<Multihash, Block> e : byKey.entrySet()) {
        if (whileLocked != null) {
          whileLocked.accept(e.getKey());
        }
        byte[] key = e.getKey().bytes();
        boolean present = db.getRaw(Column.BLOCK_INDEX, key) != null;
        byte[] data = e.getValue().data();
        if (!present || rewrite) {
          tx.putRaw(Column.BLOCKS, key, data);
          tx.put(Column.BLOCK_INDEX, e.getKey(), data.length);
        }
        if (!present) {
          count++;
          bytes += data.length;
        }
      }
      if (count > 0) {
        BlockCounters.add(tx, count, bytes);
      }
      tx.commit(durability);
      if (durability == Durability.BUFFERED && tx.size() > 0) {
        bufferedWrites.incrementAndGet();
      }
    }
  }

  private static void validate(Block b) {
    if (b.size() > MAX_BLOCK_SIZE) {
      throw new IllegalArgumentException(
          "block "
              + b.cid()
              + " is "
              + b.size()
              + " bytes, over the "
              + MAX_BLOCK_SIZE
              + "-byte block size limit");
    }
    if (b.cid().multihash().function().isEmpty()) {
      throw new IllegalArgumentException(
          "block "
              + b.cid()
              + " uses hash function "
              + b.cid().multihash().functionName()
              + ", which this node cannot compute, so its bytes could never be checked");
    }
  }

  /** Whether {@code cid} is held, checked under its key's lock after {@code whileLocked} ran. */
  @SuppressWarnings("try") // the lock holder is used only for its close
  boolean has(Cid cid, Consumer<Multihash> whileLocked) {
    if (cid.isIdentity()) {
      return true;
    }
    try (KeyLocks.Held held = locks.lock(cid.multihash())) {
      whileLocked.accept(cid.multihash());
      return db.getRaw(Column.BLOCK_INDEX, key(cid)) != null;
    }
  }

  @Override
  public boolean delete(Cid cid) {
    if (cid.isIdentity()) {
      return false;
    }
    return !deleteUnless(List.of(cid.multihash()), k -> false).isEmpty();
  }

  /** A block removed by {@link #deleteUnless}. */
  record Removed(Multihash key, int size) {}

  /**
   * Deletes the held blocks among {@code keys} for which {@code keep} is false, testing {@code
   * keep} under the keys' locks, in one logged batch with the counters.
   */
  @SuppressWarnings("try") // the lock holder is used only for its close
  List<Removed> deleteUnless(List<Multihash> keys, Predicate<Multihash> keep) {
    List<Removed> removed = new ArrayList<>();
    try (KeyLocks.Held held = locks.lockAll(keys);
        Transaction tx = db.begin()) {
      long bytes = 0;
      for (Multihash k : keys) {
        if (keep.test(k)) {
          continue;
        }
        Optional<Integer> size = db.get(Column.BLOCK_INDEX, k);
        if (size.isEmpty()) {
          continue;
        }
        tx.delete(Column.BLOCKS, k);
        tx.delete(Column.BLOCK_INDEX, k);
        removed.add(new Removed(k, size.get()));
        bytes += size.get();
      }
      if (!removed.isEmpty()) {
        BlockCounters.add(tx, -removed.size(), -bytes);
        tx.commit(Durability.LOGGED);
        removed.forEach(r -> verified.invalidate(r.key()));
      }
    }
    return removed;
  }

  @Override
  public Stream<Multihash> keys() {
    return db.cursor(Column.BLOCK_INDEX, null, null, false).stream(Cursor::key);
  }

  /** Block keys from {@code after} on (exclusive; null for the first), without their values. */
  Cursor<Multihash, Integer> index(byte[] after) {
    byte[] lower = after == null ? null : successor(after);
    return db.cursor(Column.BLOCK_INDEX, lower, null, false);
  }

  /** The smallest key greater than {@code key}: {@code key} followed by a zero byte. */
  private static byte[] successor(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }

  /** Flushes the block columns if a bulk write since the last sync may sit only in memory. */
  @Override
  public void sync() {
    long target = bufferedWrites.get();
    if (target > syncedWrites.get()) {
      db.flush(Column.BUFFERED);
      syncedWrites.accumulateAndGet(target, Math::max);
    }
  }

  private boolean hasUnsyncedWrites() {
    return bufferedWrites.get() > syncedWrites.get();
  }

  /**
   * Re-hashes every block, reading keys from the index and each block on its own, so one damaged
   * blob does not end the scan.
   */
  VerifyReport verify(Consumer<VerifyReport.Progress> progress) {
    List<Multihash> corrupt = new ArrayList<>();
    long checked = 0;
    try (Cursor<Multihash, Integer> c = index(null)) {
      while (c.next()) {
        Multihash mh = c.key();
        Cid cid = Cid.v1(Multicodec.RAW, mh);
        boolean ok;
        try {
          byte[] data = readChecked(cid);
          if (data == null && !has(cid)) {
            continue; // deleted since the cursor's snapshot, by a collection or a removal
          }
          ok = data != null && matches(mh, data);
        } catch (CorruptBlockException e) {
          ok = false;
        }
        checked++;
        if (!ok) {
          corrupt.add(mh);
          progress.accept(new VerifyReport.Progress(checked, mh));
        } else if (checked % PROGRESS_EVERY == 0) {
          progress.accept(new VerifyReport.Progress(checked, null));
        }
      }
    }
    progress.accept(new VerifyReport.Progress(checked, null));
    return new VerifyReport(checked, corrupt);
  }

  /** The cache of verified blocks that {@link #get} answers from. */
  VerifiedBlockCache verifiedCache() {
    return verified;
  }

  long count() {
    return BlockCounters.count(db);
  }

  long bytes() {
    return BlockCounters.bytes(db);
  }

  private static byte[] key(Cid cid) {
    return cid.multihash().bytes();
  }

  /** The storage owns the database: closing its block store does nothing. */
  @Override
  public void close() {}
}
