package io.cairn.storage.rocksdb;

import io.cairn.storage.Cid;
import io.cairn.storage.Multihash;
import java.util.List;
import java.util.Map;

/**
 * A column family and the types of its keys and values.
 *
 * @param name the column family's name in the database
 */
record Column<K, V>(String name, Serializer<K> keys, Serializer<V> values) {
  /**
   * Bytes of blocks under {@link PackFiles#MIN_PACKED_SIZE} by multihash; larger ones are in pack
   * files, or in blob files when written before pack files.
   */
  static final Column<Multihash, byte[]> BLOCKS =
      new Column<>("blocks", Serializer.MULTIHASH, Serializer.BYTES);

  /**
   * Block sizes and places by multihash, written in the same batches as {@link #BLOCKS} and the
   * pack files: {@code has}, {@code size}, key listing and the GC sweep read this small column and
   * never touch the blocks' bytes.
   */
  static final Column<Multihash, BlockEntry> BLOCK_INDEX =
      new Column<>("block-index", Serializer.MULTIHASH, BlockEntry.SERIALIZER);

  /**
   * Filestore references by multihash ({@code add --nocopy}): raw blocks whose bytes stay in the
   * user's files, written in the same batches as {@link #BLOCK_INDEX}. A key may be in both.
   */
  static final Column<Multihash, FileRef> FILESTORE =
      new Column<>("filestore", Serializer.MULTIHASH, FileRef.SERIALIZER);

  /** Direct and recursive pins by binary CID, as Kubo keys them. */
  static final Column<Cid, PinRecord> PINS =
      new Column<>("pins", Serializer.CID, PinRecord.SERIALIZER);

  /** Named tables of node state; keys are the table name, a zero byte, then the entry's key. */
  static final Column<byte[], byte[]> STATE =
      new Column<>("state", Serializer.BYTES, Serializer.BYTES);

  /**
   * The compute jobs' tables ({@code jobs}, {@code job-receipts}), keyed as in {@link #STATE}: the
   * job queue is rewritten at every state change, so its churn and compactions stay apart from the
   * rest of the node's state.
   */
  static final Column<byte[], byte[]> JOBS =
      new Column<>("jobs", Serializer.BYTES, Serializer.BYTES);

  /** Schema version, block counters (uint64 add merges) and the open marker. */
  static final Column<String, byte[]> META =
      new Column<>("meta", Serializer.UTF8, Serializer.BYTES);

  static final List<Column<?, ?>> ALL =
      List.of(BLOCKS, BLOCK_INDEX, FILESTORE, PINS, STATE, JOBS, META);

  /** The columns whose writes may skip the write-ahead log; {@code sync} flushes them together. */
  static final List<Column<?, ?>> BUFFERED = List.of(BLOCKS, BLOCK_INDEX, FILESTORE, META);

  /**
   * The tables that live in a column family of their own rather than in {@link #STATE}; {@link
   * TableMigration} moves their entries out of the state column once, when a repo made before they
   * had one is opened.
   */
  static final Map<String, Column<byte[], byte[]>> OWN_TABLES =
      Map.of("jobs", JOBS, "job-receipts", JOBS);

  /** The column a named table lives in. */
  static Column<byte[], byte[]> forTable(String name) {
    return OWN_TABLES.getOrDefault(name, STATE);
  }

  @Override
  public String toString() {
    return name;
  }
}
