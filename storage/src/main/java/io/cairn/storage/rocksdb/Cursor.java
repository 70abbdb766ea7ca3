package io.cairn.storage.rocksdb;

import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * A forward cursor over a key range of one column, reading a consistent snapshot taken when it was
 * opened. Holds native resources: close it (or the stream from {@link #stream}) when done. Closing
 * the database closes every cursor still open.
 */
final class Cursor<K, V> implements AutoCloseable {
  private final RocksDatabase owner;
  private final Column<K, V> column;
  private final ReadOptions options;
  private final Slice lower;
  private final Slice upper;
  private final RocksIterator iterator;
  private final boolean values;
  private boolean started;
  private boolean ended;
  private boolean released;
  private byte[] key;
  private byte[] value;

  Cursor(
      RocksDatabase owner,
      RocksDB db,
      ColumnFamilyHandle handle,
      Column<K, V> column,
      byte[] lower,
      byte[] upper,
      boolean values) {
    this.owner = owner;
    this.column = column;
    this.values = values;
    this.lower = lower == null ? null : new Slice(lower);
    this.upper = upper == null ? null : new Slice(upper);
    this.options = new ReadOptions().setFillCache(false);
    if (this.lower != null) {
      options.setIterateLowerBound(this.lower);
    }
    if (this.upper != null) {
      options.setIterateUpperBound(this.upper);
    }
    this.iterator = db.newIterator(handle, options);
  }

  /**
   * Moves to the next entry; false at the end of the range, and on every call after it (streams ask
   * again after the end, and moving an iterator past its end is undefined in RocksDB).
   */
  boolean next() {
    owner.enter();
    try {
      if (released) {
        throw new IllegalStateException("cursor over " + column + " is closed");
      }
      if (ended) {
        return false;
      }
      if (!started) {
        started = true;
        iterator.seekToFirst();
      } else {
        iterator.next();
      }
      if (iterator.isValid()) {
        key = iterator.key();
        value = values ? iterator.value() : null;
        return true;
      }
      iterator.status();
      ended = true;
      key = null;
      value = null;
      return false;
    } catch (RocksDBException e) {
      throw RocksErrors.translate(e, "iterate over " + column, owner.directory());
    } finally {
      owner.exit();
    }
  }

  byte[] rawKey() {
    return key;
  }

  byte[] rawValue() {
    return value;
  }

  K key() {
    return RocksDatabase.decode(column, column.keys(), key);
  }

  V value() {
    return RocksDatabase.decode(column, column.values(), value);
  }

  /** The entries as a stream that closes this cursor when it is closed. */
  <T> Stream<T> stream(Function<Cursor<K, V>, T> mapper) {
    Spliterator<T> split =
        new Spliterators.AbstractSpliterator<>(
            Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
          @Override
          public boolean tryAdvance(Consumer<? super T> action) {
            if (!next()) {
              return false;
            }
            action.accept(mapper.apply(Cursor.this));
            return true;
          }
        };
    return StreamSupport.stream(split, false).onClose(this::close);
  }

  @Override
  public void close() {
    if (!owner.tryEnter()) {
      return; // the database closed and released this cursor already
    }
    try {
      release();
      owner.forget(this);
    } finally {
      owner.exit();
    }
  }

  /** Frees the native objects; called by {@link #close} or by the database as it closes. */
  void release() {
    if (released) {
      return;
    }
    released = true;
    iterator.close();
    options.close();
    if (lower != null) {
      lower.close();
    }
    if (upper != null) {
      upper.close();
    }
  }
}
