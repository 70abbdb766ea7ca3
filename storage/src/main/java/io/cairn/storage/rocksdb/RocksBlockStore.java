package io.cairn.storage.rocksdb;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.CorruptBlockException;
import io.cairn.storage.Multihash;
import io.cairn.storage.StorageException;
import io.cairn.storage.VerifyReport;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocks keyed by multihash: the bytes of small ones in the blocks column, of large ones in {@link
 * PackFiles}; each block's size and place in the block index, written in one batch with the
 * counters.
 *
 * <p>{@link #putAll} writes without the write-ahead log and is durable after {@link #sync}, which
 * syncs the packs and flushes the block columns; a crash before that loses only blocks no pin can
 * name yet, as pins are written after a sync. {@link #put} of a single block is logged and synced
 * before it returns.
 *
 * <p>With verified reads, {@link #get} keeps recently verified blocks in a bounded {@link
 * VerifiedBlockCache}, so a hot block is hashed once; every removal ({@link #delete}, garbage
 * collection, {@code repo verify --drop}) goes through {@link #deleteUnless}, which evicts it.
 * {@link #verify} always reads the disk.
 *
 * <p>With the filestore on, a raw block that carries its place in a file is kept as a {@link
 * FileRef} instead (see {@link FileReferences}): {@code has}, {@code get}, {@code size}, the key
 * listing, removals and {@link #verify} see both columns; stored bytes win when a block is in both.
 */
final class RocksBlockStore implements BlockStore {
  private static final Logger LOG = LoggerFactory.getLogger(RocksBlockStore.class);

  private final RocksDatabase db;
  private final boolean verifyReads;
  private final Durability bulk;
  private final KeyLocks locks = new KeyLocks();

  /**
   * Held shared by each write from its appends to the pack until its index entries are committed,
   * and exclusively by a reclaim while it lists the packs no longer written to: a pack is closed
   * (by a reclaim, or by a roll inside another write's append) with writes still on their way to
   * the index, and the exclusive hold waits for them, so the index then names every block of every
   * pack listed.
   */
  private final ReentrantReadWriteLock packWrites = new ReentrantReadWriteLock();

  /** Runs in each write between its appends and its commit; tests hold a write there. */
  private volatile Runnable beforeCommit = () -> {};

  private final AtomicLong bufferedWrites = new AtomicLong();
  private final AtomicLong syncedWrites = new AtomicLong();
  private final VerifiedBlockCache verified;
  private final FileReferences files;

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
    this(db, verifyReads, bulk, cacheBytes, new FileReferences(db, null, null));
  }

  /** With {@code files}: the filestore and urlstore references (ignored with neither on). */
  RocksBlockStore(
      RocksDatabase db,
      boolean verifyReads,
      Durability bulk,
      long cacheBytes,
      FileReferences files) {
    this.db = db;
    this.verifyReads = verifyReads;
    this.bulk = bulk;
    this.verified = new VerifiedBlockCache(verifyReads ? cacheBytes : 0);
    this.files = files;
  }

  @Override
  public boolean has(Cid cid) {
    return cid.isIdentity() || held(key(cid));
  }

  private boolean held(byte[] key) {
    return stored(key) || files.has(key);
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
    if (data == null) {
      // Read from its file and checked each time; never cached, as the file may change.
      return files.get(key).map(ref -> files.read(key, ref));
    }
    if (verifyReads) {
      if (!matches(key, data)) {
        throw new CorruptBlockException(cid, "disk");
      }
      verified.offer(key, data, epoch);
    }
    return Optional.ofNullable(data);
  }

  /**
   * Reads a block's bytes from where its index entry says they are, turning RocksDB's own checksum
   * failures and a torn or missing pack into a corrupt block.
   */
  byte[] readChecked(Cid cid) {
    // Twice at most: a pack that is gone had its blocks moved, so the index says where they went.
    for (int attempt = 0; attempt < 2; attempt++) {
      Optional<BlockEntry> entry = db.get(Column.BLOCK_INDEX, cid.multihash());
      if (entry.isEmpty()) {
        return null;
      }
      if (!entry.get().packed()) {
        return readInline(cid);
      }
      try {
        byte[] data = db.packs().read(entry.get());
        if (data != null) {
          return data;
        }
      } catch (EOFException e) {
        CorruptBlockException c = new CorruptBlockException(cid, "disk");
        c.addSuppressed(e);
        throw c;
      } catch (IOException e) {
        throw new StorageException("cannot read block " + cid + " from its pack file", e);
      }
    }
    throw new CorruptBlockException(cid, "disk");
  }

  private byte[] readInline(Cid cid) {
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

  static boolean matches(Multihash mh, byte[] data) {
    // Blocks of an unknown function are refused on put, so every stored one can be checked.
    return mh.function().isEmpty() || mh.matches(data);
  }

  @Override
  public OptionalInt size(Cid cid) {
    if (cid.isIdentity()) {
      return OptionalInt.of(cid.multihash().digestLength());
    }
    return db.get(Column.BLOCK_INDEX, cid.multihash())
        .map(e -> OptionalInt.of(e.size()))
        .or(() -> files.get(cid.multihash()).map(r -> OptionalInt.of(r.size())))
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
      if (files.takes(b)) {
        files.refFor(b); // refuses a file outside the root before anything is written
      }
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
      int inline =
          files.takes(b) || PackFiles.packs(b.size(), b.cid().multihash().bytes()) ? 0 : b.size();
      reserve += inline + 2L * b.cid().multihash().encodedLength() + 32;
    }
    packWrites.readLock().lock();
    try (KeyLocks.Held held = locks.lockAll(byKey.keySet());
        Transaction tx = db.begin((int) Math.min(reserve, Integer.MAX_VALUE))) {
      long count = 0;
      long bytes = 0;
      boolean packed = false;
      for (Map.Entry<Multihash, Block> e : byKey.entrySet()) {
        if (whileLocked != null) {
          whileLocked.accept(e.getKey());
        }
        byte[] key = e.getKey().bytes();
        boolean present = db.getRaw(Column.BLOCK_INDEX, key) != null;
        byte[] data = e.getValue().data();
        if (files.takes(e.getValue())) {
          // As Kubo's filestore: a block held either way is not referenced again.
          boolean referenced = files.has(key);
          if (!(present || referenced) || (rewrite && referenced)) {
            tx.put(Column.FILESTORE, e.getKey(), files.refFor(e.getValue()));
          }
          continue;
        }
        if (!present || rewrite) {
          if (PackFiles.packs(data.length, key)) {
            tx.put(Column.BLOCK_INDEX, e.getKey(), db.packs().append(key, data));
            packed = true;
          } else {
            tx.putRaw(Column.BLOCKS, key, data);
            tx.put(Column.BLOCK_INDEX, e.getKey(), BlockEntry.inline(data.length));
          }
        }
        if (!present) {
          count++;
          bytes += data.length;
        }
      }
      if (count > 0) {
        BlockCounters.add(tx, count, bytes);
      }
      if (packed && durability != Durability.BUFFERED) {
        // A logged entry must not reach the disk before the bytes it points to.
        db.packs().sync();
      }
      beforeCommit.run();
      tx.commit(durability);
      if (durability == Durability.BUFFERED && tx.size() > 0) {
        bufferedWrites.incrementAndGet();
      }
    } finally {
      packWrites.readLock().unlock();
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
      return held(key(cid));
    }
  }

  @Override
  public boolean delete(Cid cid) {
    if (cid.isIdentity()) {
      return false;
    }
    return !deleteUnless(List.of(cid.multihash()), k -> false).isEmpty();
  }

  /**
   * A block removed by {@link #deleteUnless}.
   *
   * @param size the bytes freed in the repo: 0 for a block held only as a filestore reference
   */
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
      long count = 0;
      long bytes = 0;
      for (Multihash k : keys) {
        if (keep.test(k)) {
          continue;
        }
        Optional<BlockEntry> entry = db.get(Column.BLOCK_INDEX, k);
        boolean referenced = files.has(k.bytes());
        if (referenced) {
          tx.delete(Column.FILESTORE, k);
        }
        if (entry.isEmpty()) {
          if (referenced) {
            removed.add(new Removed(k, 0));
          }
          continue;
        }
        // A packed block's bytes stay in its pack until a collection reclaims the pack.
        tx.delete(Column.BLOCKS, k);
        tx.delete(Column.BLOCK_INDEX, k);
        removed.add(new Removed(k, entry.get().size()));
        count++;
        bytes += entry.get().size();
      }
      if (!removed.isEmpty()) {
        if (count > 0) {
          BlockCounters.add(tx, -count, -bytes);
        }
        tx.commit(Durability.LOGGED);
        removed.forEach(r -> verified.invalidate(r.key()));
      }
    }
    return removed;
  }

  @Override
  public Stream<Multihash> keys() {
    Stream<Multihash> stored = db.cursor(Column.BLOCK_INDEX, null, null, false).stream(Cursor::key);
    if (!files.enabled()) {
      return stored;
    }
    Stream<Multihash> referenced =
        db.cursor(Column.FILESTORE, null, null, false).stream(Cursor::key)
            .filter(k -> db.getRaw(Column.BLOCK_INDEX, k.bytes()) == null);
    return Stream.concat(stored, referenced);
  }

  /** Filestore references from {@code after} on (exclusive; null for the first). */
  Cursor<Multihash, FileRef> references(byte[] after) {
    byte[] lower = after == null ? null : successor(after);
    return db.cursor(Column.FILESTORE, lower, null, true);
  }

  /** Whether the block's bytes are stored (not only referenced in a file). */
  boolean stored(byte[] key) {
    return db.getRaw(Column.BLOCK_INDEX, key) != null;
  }

  /** The store's filestore side. */
  FileReferences files() {
    return files;
  }

  /** Removes a block's filestore reference, under its key's lock; whether there was one. */
  @SuppressWarnings("try") // the lock holder is used only for its close
  boolean removeReference(Multihash key) {
    try (KeyLocks.Held held = locks.lock(key)) {
      if (db.getRaw(Column.FILESTORE, key.bytes()) == null) {
        return false;
      }
      db.delete(Column.FILESTORE, key, Durability.LOGGED);
      return true;
    }
  }

  /** Block keys from {@code after} on (exclusive; null for the first), without their values. */
  Cursor<Multihash, BlockEntry> index(byte[] after) {
    byte[] lower = after == null ? null : successor(after);
    return db.cursor(Column.BLOCK_INDEX, lower, null, false);
  }

  /** The smallest key greater than {@code key}: {@code key} followed by a zero byte. */
  private static byte[] successor(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }

  /**
   * Flushes the block columns if a bulk write since the last sync may sit only in memory; the flush
   * syncs the pack files first.
   */
  @Override
  public void sync() {
    long target = bufferedWrites.get();
    if (target > syncedWrites.get()) {
      db.packs().sync();
      db.flush(Column.BUFFERED);
      syncedWrites.accumulateAndGet(target, Math::max);
    }
  }

  private boolean hasUnsyncedWrites() {
    return bufferedWrites.get() > syncedWrites.get();
  }

  /**
   * Gives back the space of removed blocks in pack files: deletes the packs that hold no block the
   * index points to, and moves the blocks of packs that are at least half garbage into the current
   * pack first, so each byte moved frees at least one. The moved entries and the removals before
   * them are made durable before any pack is deleted, so a crash cannot leave the index pointing
   * into a deleted pack. Run by one thread at a time (the collector's).
   *
   * @return the bytes of the packs deleted
   */
  long reclaimPacks() {
    PackFiles packs = db.packs();
    // The pack being written may hold removed blocks too: when about half of it looks like garbage
    // (an estimate: blocks on their way to the index count as garbage), close it so that it can be
    // reclaimed. A pack mostly live stays open, so collections do not leave many small packs.
    PackFiles.Current current = packs.currentPack();
    boolean closeCurrent =
        current != null
            && liveBytes(Set.of(current.id())).getOrDefault(current.id(), 0L) * 2 <= current.size();
    Map<Integer, Long> sizes;
    packWrites.writeLock().lock();
    try {
      if (closeCurrent) {
        packs.closeCurrent();
      }
      sizes = packs.closedPacks();
    } finally {
      packWrites.writeLock().unlock();
    }
    if (sizes.isEmpty()) {
      return 0;
    }
    Map<Integer, Long> live = liveBytes(sizes.keySet());
    List<Integer> freed = new ArrayList<>();
    for (Map.Entry<Integer, Long> p : sizes.entrySet()) {
      long used = live.getOrDefault(p.getKey(), 0L);
      if (used == 0) {
        freed.add(p.getKey());
      } else if (used * 2 <= p.getValue()) {
        packs.scan(p.getKey(), this::move);
        freed.add(p.getKey());
      }
    }
    if (freed.isEmpty()) {
      return 0;
    }
    packs.sync();
    db.flush(Column.BUFFERED);
    db.syncLog();
    // Checked again after the moves: a pack still pointed to (a record whose key could not be
    // read) is kept.
    Map<Integer, Long> still = liveBytes(Set.copyOf(freed));
    long bytes = 0;
    for (int id : freed) {
      if (still.containsKey(id)) {
        LOG.warn(
            "pack {} still holds {} live bytes after its blocks were moved", id, still.get(id));
        continue;
      }
      packs.delete(id);
      bytes += sizes.get(id);
    }
    return bytes;
  }

  /** Sets what each write runs between its appends and its commit (tests). */
  void beforeCommit(Runnable hook) {
    this.beforeCommit = hook;
  }

  /** Bytes the index points to in each of the given packs. */
  private Map<Integer, Long> liveBytes(Set<Integer> ids) {
    Map<Integer, Long> live = new HashMap<>();
    try (Cursor<Multihash, BlockEntry> c = db.cursor(Column.BLOCK_INDEX, null, null, true)) {
      while (c.next()) {
        BlockEntry e = c.value();
        if (e.packed() && ids.contains(e.pack())) {
          live.merge(e.pack(), (long) e.size(), Long::sum);
        }
      }
    }
    return live;
  }

  /** Moves one record of a pack being reclaimed, if the index still points to it. */
  @SuppressWarnings("try") // the lock holder is used only for its close
  private void move(byte[] key, BlockEntry at) {
    Multihash mh;
    try {
      mh = Multihash.decode(key);
    } catch (IllegalArgumentException e) {
      return; // a damaged record; the check after the moves keeps its pack if it is live
    }
    try (KeyLocks.Held held = locks.lock(mh);
        Transaction tx = db.begin()) {
      Optional<BlockEntry> now = db.get(Column.BLOCK_INDEX, mh);
      if (now.isEmpty() || !now.get().equals(at)) {
        return; // removed, or held elsewhere
      }
      // Copied as they are, unchecked: a damaged block stays damaged, for repo verify to report.
      byte[] data = db.packs().read(at);
      if (data == null) {
        return;
      }
      tx.put(Column.BLOCK_INDEX, mh, db.packs().append(key, data));
      tx.commit(Durability.BUFFERED);
      bufferedWrites.incrementAndGet();
    } catch (IOException e) {
      LOG.warn("could not move block {} out of its pack: {}", mh, e.getMessage());
    }
  }

  /** Re-hashes every block and reads every filestore reference back (see {@link BlockVerifier}). */
  VerifyReport verify(Consumer<VerifyReport.Progress> progress) {
    return new BlockVerifier(db, this, files).verify(progress);
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
