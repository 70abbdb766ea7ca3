package io.cairn.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.KeyValueTable;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

class TableMigrationTest {
  private static final int JOBS = 10;

  @TempDir Path repo;

  private RocksStorage open() {
    return RocksStorage.open(StorageOptions.defaults(repo));
  }

  @Test
  void jobTablesLiveInTheirOwnColumnFamily() {
    try (RocksStorage s = open()) {
      s.table("jobs").put(bytes("job/1"), bytes("spec"));
      s.table("job-receipts").put(bytes("1"), bytes("receipt"));
      s.table("deals").put(bytes("d/1"), bytes("deal"));
      RocksDatabase raw = s.database();
      assertThat(keys(raw, Column.JOBS)).containsExactly("job-receipts\0001", "jobs\0job/1");
      assertThat(keys(raw, Column.STATE)).containsExactly("deals\0d/1");
    }
    try (RocksStorage s = open()) {
      assertThat(s.table("jobs").get(bytes("job/1")))
          .hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("spec")));
      assertThat(s.table("job-receipts").get(bytes("1"))).isPresent();
    }
  }

  @Test
  void movesJobsKeptInTheStateColumnOnceWhenAnOldRepoOpens() {
    open().close();
    stageOldRepo();
    try (RocksStorage s = open()) {
      assertThat(keys(s.database(), Column.STATE)).containsExactly("deals\0d/1");
      assertThat(keys(s.database(), Column.JOBS)).hasSize(JOBS + 1);
      assertThat(jobValues(s.table("jobs"))).containsExactlyElementsOf(expectedJobs());
      assertThat(s.table("job-receipts").get(bytes("r"))).isPresent();
      assertThat(s.table("deals").get(bytes("d/1"))).isPresent();
      s.table("jobs").put(bytes("job/99"), bytes("new"));
    }
    try (RocksStorage s = open()) {
      assertThat(TableMigration.migrate(s.database())).isZero();
      assertThat(keys(s.database(), Column.JOBS)).hasSize(JOBS + 2);
      assertThat(s.table("jobs").get(bytes("job/99"))).isPresent();
    }
  }

  @Test
  void aNodeKilledMidMigrationLeavesEachEntryInOneColumnAndTheNextOpenMovesTheRest()
      throws Exception {
    open().close();
    stageOldRepo();
    try (ChildJvm child =
        ChildJvm.start(MigrationStopper.class, repo.toString(), Integer.toString(4))) {
      child.await("moved 4", 60);
      child.kill();
    }
    RocksDatabase raw = DatabaseOpener.open(repo, false);
    try {
      List<String> moved = keys(raw, Column.JOBS);
      assertThat(moved).hasSize(4);
      assertThat(keys(raw, Column.STATE)).hasSize(JOBS + 2 - 4).doesNotContainAnyElementsOf(moved);
    } finally {
      raw.close();
    }
    try (RocksStorage s = open()) {
      assertThat(keys(s.database(), Column.STATE)).containsExactly("deals\0d/1");
      assertThat(jobValues(s.table("jobs"))).containsExactlyElementsOf(expectedJobs());
    }
  }

  @Test
  void aRepoMadeBeforeTheJobsColumnFamilyExistedGetsItAndItsJobs() throws RocksDBException {
    // The database as the previous version made it: no "jobs" column family, jobs in "state".
    try (RocksTuning tuning = new RocksTuning()) {
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, tuning.defaults()));
      for (Column<?, ?> c : Column.ALL) {
        if (c != Column.JOBS) {
          descriptors.add(new ColumnFamilyDescriptor(bytes(c.name()), tuning.options(c)));
        }
      }
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      try (RocksDB db =
              RocksDB.open(
                  tuning.dbOptions(true, new PackFiles(repo.resolve(PackFiles.FOLDER))),
                  repo.toString(),
                  descriptors,
                  handles);
          WriteOptions sync = new WriteOptions().setSync(true)) {
        ColumnFamilyHandle state = handles.get(1 + Column.ALL.indexOf(Column.STATE));
        db.put(state, sync, bytes("jobs\0job/1"), bytes("job 1"));
        db.put(state, sync, bytes("deals\0d/1"), bytes("deal"));
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
    try (RocksStorage s = open()) {
      assertThat(s.table("jobs").get(bytes("job/1")))
          .hasValueSatisfying(v -> assertThat(text(v)).isEqualTo("job 1"));
      assertThat(keys(s.database(), Column.JOBS)).containsExactly("jobs\0job/1");
      assertThat(keys(s.database(), Column.STATE)).containsExactly("deals\0d/1");
    }
  }

  /** Writes jobs, a receipt and a deal into the state column, where older repos kept them. */
  private void stageOldRepo() {
    for (int i = 0; i < JOBS; i++) {
      RawRocks.put(repo, Column.STATE, bytes("jobs\0job/" + i), bytes("job " + i));
    }
    RawRocks.put(repo, Column.STATE, bytes("job-receipts\0r"), bytes("receipt"));
    RawRocks.put(repo, Column.STATE, bytes("deals\0d/1"), bytes("deal"));
  }

  private static List<String> expectedJobs() {
    return Stream.iterate(0, i -> i + 1).limit(JOBS).map(i -> "job " + i).toList();
  }

  private static List<String> jobValues(KeyValueTable jobs) {
    try (Stream<Map.Entry<byte[], byte[]>> all = jobs.scan(bytes("job/"))) {
      return all.map(e -> text(e.getValue())).toList();
    }
  }

  private static List<String> keys(RocksDatabase db, Column<byte[], byte[]> column) {
    List<String> out = new ArrayList<>();
    try (Cursor<byte[], byte[]> c = db.cursor(column, null, null, false)) {
      while (c.next()) {
        out.add(text(Arrays.copyOf(c.rawKey(), c.rawKey().length)));
      }
    }
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
