package io.cairn.storage.rocksdb;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the entries of tables that now have a column family of their own ({@link
 * Column#OWN_TABLES}) out of the state column, where repos made before kept them. Each batch puts
 * entries into the new column and deletes them from the state column in one atomic, synced write,
 * and keys do not change, so a process killed part-way leaves every entry in exactly one column and
 * the next open moves the rest.
 */
final class TableMigration {
  private static final Logger LOG = LoggerFactory.getLogger(TableMigration.class);
  static final int BATCH = 1024;

  private TableMigration() {}

  /** Moves every entry still in the state column; returns how many moved. */
  static long migrate(RocksDatabase db) {
    return migrate(db, BATCH, moved -> {});
  }

  /**
   * As {@link #migrate(RocksDatabase)}, in batches of at most {@code batch} entries.
   *
   * @param afterBatch told the running total after each batch is written
   */
  static long migrate(RocksDatabase db, int batch, LongConsumer afterBatch) {
    long moved = 0;
    // In name order, so that a migration cut short is cut at the same place every time.
    for (Map.Entry<String, Column<byte[], byte[]>> t :
        new TreeMap<>(Column.OWN_TABLES).entrySet()) {
      moved += move(db, t.getKey(), t.getValue(), batch, moved, afterBatch);
    }
    if (moved > 0) {
      LOG.info("moved {} entries of the job tables into their own column family", moved);
    }
    return moved;
  }

  private static long move(
      RocksDatabase db,
      String table,
      Column<byte[], byte[]> target,
      int batch,
      long before,
      LongConsumer afterBatch) {
    byte[] lower = RocksKeyValueTable.prefix(table);
    byte[] upper = RocksKeyValueTable.upperBound(lower);
    long moved = 0;
    while (true) {
      int n = 0;
      try (Cursor<byte[], byte[]> c = db.cursor(Column.STATE, lower, upper, true);
          Transaction tx = db.begin()) {
        while (n < batch && c.next()) {
          tx.putRaw(target, c.rawKey(), c.rawValue());
          tx.deleteRaw(Column.STATE, c.rawKey());
          n++;
        }
        tx.commit(Durability.SYNCED);
      }
      if (n == 0) {
        return moved;
      }
      moved += n;
      afterBatch.accept(before + moved);
    }
  }
}
