package io.cairn.storage.rocksdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * Writes straight into a closed repo's RocksDB or pack files, bypassing the storage, to stage
 * damage.
 */
final class RawRocks {
  private RawRocks() {}

  /** Puts {@code value} under {@code key} in {@code column} with a synced write. */
  static void put(Path directory, Column<?, ?> column, byte[] key, byte[] value) {
    open(
        directory,
        (db, handles) -> {
          try (WriteOptions sync = new WriteOptions().setSync(true)) {
            db.put(handles.get(1 + Column.ALL.indexOf(column)), sync, key, value);
          }
        });
  }

  /**
   * Overwrites a block's stored bytes with {@code bytes}: its value in the blocks column, or for a
   * packed block its place in the pack (from the start, at most the block's length).
   */
  static void damageBlock(Path directory, byte[] key, byte[] bytes) {
    BlockEntry[] entry = new BlockEntry[1];
    open(
        directory,
        (db, handles) -> {
          byte[] raw = db.get(handles.get(1 + Column.ALL.indexOf(Column.BLOCK_INDEX)), key);
          entry[0] = BlockEntry.SERIALIZER.deserialize(raw);
        });
    if (!entry[0].packed()) {
      put(directory, Column.BLOCKS, key, bytes);
      return;
    }
    Path pack =
        directory.resolve(PackFiles.FOLDER).resolve(String.format("%08d.pack", entry[0].pack()));
    try (FileChannel c = FileChannel.open(pack, StandardOpenOption.WRITE)) {
      c.write(
          ByteBuffer.wrap(bytes, 0, Math.min(bytes.length, entry[0].size())), entry[0].offset());
      c.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface Action {
    void run(RocksDB db, List<ColumnFamilyHandle> handles) throws RocksDBException;
  }

  private static void open(Path directory, Action action) {
    try (RocksTuning tuning = new RocksTuning();
        PackFiles packs = new PackFiles(directory.resolve(PackFiles.FOLDER))) {
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, tuning.defaults()));
      for (Column<?, ?> c : Column.ALL) {
        descriptors.add(
            new ColumnFamilyDescriptor(
                c.name().getBytes(StandardCharsets.UTF_8), tuning.options(c)));
      }
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      try (RocksDB db =
          RocksDB.open(
              tuning.dbOptions(false, packs), directory.toString(), descriptors, handles)) {
        action.run(db, handles);
        handles.forEach(ColumnFamilyHandle::close);
      } catch (RocksDBException e) {
        throw new AssertionError("raw database access failed", e);
      }
    }
  }
}
