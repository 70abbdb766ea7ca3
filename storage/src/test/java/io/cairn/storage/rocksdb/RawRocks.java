package io.cairn.storage.rocksdb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/** Writes straight into a closed repo's RocksDB, bypassing the storage, to stage damage. */
final class RawRocks {
  private RawRocks() {}

  /** Puts {@code value} under {@code key} in {@code column} with a synced write. */
  static void put(Path directory, Column<?, ?> column, byte[] key, byte[] value) {
    try (RocksTuning tuning = new RocksTuning()) {
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, tuning.defaults()));
      for (Column<?, ?> c : Column.ALL) {
        descriptors.add(
            new ColumnFamilyDescriptor(
                c.name().getBytes(StandardCharsets.UTF_8), tuning.options(c)));
      }
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      try (RocksDB db =
              RocksDB.open(tuning.dbOptions(false), directory.toString(), descriptors, handles);
          WriteOptions sync = new WriteOptions().setSync(true)) {
        db.put(handles.get(1 + Column.ALL.indexOf(column)), sync, key, value);
        handles.forEach(ColumnFamilyHandle::close);
      } catch (RocksDBException e) {
        throw new AssertionError("raw write failed", e);
      }
    }
  }
}
