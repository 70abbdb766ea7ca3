package io.cairn.storage.rocksdb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The number of stored blocks and their total size, kept in the meta column with RocksDB's uint64
 * add merge operator and updated in the same batch as the blocks themselves, so {@code repo stat}
 * reads two keys instead of every blob. A decrement is the two's complement of the amount.
 *
 * <p>Bulk block writes skip the write-ahead log while single puts and deletions use it, so a crash
 * can keep a logged batch whose count assumed a buffered one that was lost. The database notes an
 * unclean shutdown, and {@link #recount} then rebuilds both counters from the block index.
 */
final class BlockCounters {
  private static final Logger LOG = LoggerFactory.getLogger(BlockCounters.class);
  static final String COUNT = "blocks.count";
  static final String BYTES = "blocks.bytes";

  private BlockCounters() {}

  static void add(Transaction tx, long count, long bytes) {
    tx.merge(Column.META, COUNT, uint64(count));
    tx.merge(Column.META, BYTES, uint64(bytes));
  }

  static long count(RocksDatabase db) {
    return read(db, COUNT);
  }

  static long bytes(RocksDatabase db) {
    return read(db, BYTES);
  }

  /** Counts the block index and stores the totals in place of the counters. */
  static void recount(RocksDatabase db) {
    long count = 0;
    long bytes = 0;
    try (Cursor<?, BlockEntry> c = db.cursor(Column.BLOCK_INDEX, null, null, true)) {
      while (c.next()) {
        count++;
        bytes += c.value().size();
      }
    }
    try (Transaction tx = db.begin()) {
      tx.putRaw(Column.META, RocksDatabase.bytes(COUNT), uint64(count));
      tx.putRaw(Column.META, RocksDatabase.bytes(BYTES), uint64(bytes));
      tx.commit(Durability.BUFFERED);
    }
    LOG.info("recounted {} blocks of {} bytes after an unclean shutdown", count, bytes);
  }

  private static long read(RocksDatabase db, String key) {
    byte[] v = db.getRaw(Column.META, RocksDatabase.bytes(key));
    return v == null ? 0 : ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  /** RocksDB's uint64add operands are fixed 64-bit little-endian. */
  private static byte[] uint64(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }
}
