package io.cairn.storage.rocksdb;

import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * A write batch applied atomically by {@link #commit}; closing it without a commit rolls it back.
 * Not thread-safe: one thread builds and commits it.
 */
final class Transaction implements AutoCloseable {
  private final RocksDatabase db;
  private final WriteBatch batch;
  private boolean done;

  /**
   * @param reserve bytes to allocate up front, so a large batch is not copied as it grows
   */
  Transaction(RocksDatabase db, int reserve) {
    this.db = db;
    this.batch = reserve > 0 ? new WriteBatch(reserve) : new WriteBatch();
  }

  <K, V> Transaction put(Column<K, V> column, K key, V value) {
    return putRaw(column, column.keys().serialize(key), column.values().serialize(value));
  }

  Transaction putRaw(Column<?, ?> column, byte[] key, byte[] value) {
    try {
      batch.put(db.handle(column), key, value);
    } catch (RocksDBException e) {
      throw RocksErrors.translate(e, "add to a write batch for " + column, db.directory());
    }
    return this;
  }

  <K> Transaction delete(Column<K, ?> column, K key) {
    return deleteRaw(column, column.keys().serialize(key));
  }

  Transaction deleteRaw(Column<?, ?> column, byte[] key) {
    try {
      batch.delete(db.handle(column), key);
    } catch (RocksDBException e) {
      throw RocksErrors.translate(e, "add to a write batch for " + column, db.directory());
    }
    return this;
  }

  /** Merges an operand with the column's merge operator (the meta column adds uint64s). */
  <K> Transaction merge(Column<K, ?> column, K key, byte[] operand) {
    try {
      batch.merge(db.handle(column), column.keys().serialize(key), operand);
    } catch (RocksDBException e) {
      throw RocksErrors.translate(e, "add to a write batch for " + column, db.directory());
    }
    return this;
  }

  int size() {
    return batch.count();
  }

  void commit(Durability durability) {
    if (done) {
      throw new IllegalStateException("transaction already committed or rolled back");
    }
    done = true;
    if (batch.count() > 0) {
      db.write(batch, durability);
    }
  }

  void rollback() {
    done = true;
    batch.clear();
  }

  @Override
  public void close() {
    if (!done) {
      rollback();
    }
    batch.close();
  }
}
