package io.cairn.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.KeyValueTable;
import io.cairn.storage.StorageException;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.testing.ChildJvm;
import io.cairn.storage.testing.TestDags;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksStorageTest {
  @TempDir Path dir;

  private Path db() {
    return dir.resolve("datastore");
  }

  private RocksStorage open() {
    return RocksStorage.open(StorageOptions.defaults(db()));
  }

  @Test
  void refusesARepoOpenInThisProcess() {
    try (RocksStorage first = open()) {
      assertThatThrownBy(this::open)
          .isInstanceOf(StorageException.class)
          .hasMessageStartingWith(
              "repo at " + db() + " is locked by another process (is a cairn daemon running?)");
      assertThat(first.blocks().has(TestDags.raw(1, 1).cid())).isFalse();
    }
  }

  @Test
  void refusesARepoOpenInAnotherProcess() throws Exception {
    try (RocksStorage created = open()) {
      created.blocks().put(TestDags.raw(2, 10));
    }
    try (ChildJvm holder = ChildJvm.start(RepoHolder.class, db().toString())) {
      holder.await("open", 60);
      assertThatThrownBy(this::open)
          .isInstanceOf(StorageException.class)
          .hasMessageStartingWith(
              "repo at " + db() + " is locked by another process (is a cairn daemon running?)");
    }
    try (RocksStorage again = open()) {
      assertThat(again.blocks().has(TestDags.raw(2, 10).cid())).isTrue();
    }
  }

  @Test
  void openExistingRefusesAMissingDatabase() {
    assertThatThrownBy(() -> RocksStorage.openExisting(StorageOptions.defaults(db())))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(db() + " does not exist")
        .hasMessageContaining("cairn init");
    assertThat(db()).doesNotExist();
  }

  /** A repo's database folder as 'cairn init' leaves it. */
  private void initRepoFolder() throws IOException {
    Files.createDirectories(db());
    Files.writeString(db().resolve(StorageOptions.NEW_REPO_MARKER), "new\n");
  }

  @Test
  void aRepoStoreIsCreatedOnlyWhereInitPreparedIt() throws IOException {
    assertThatThrownBy(() -> RocksStorage.openRepo(StorageOptions.defaults(db()), "node-a"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("the repo's datastore " + db() + " is missing");
    assertThat(db()).doesNotExist();
    initRepoFolder();
    try (RocksStorage s = RocksStorage.openRepo(StorageOptions.defaults(db()), "node-a")) {
      s.blocks().put(TestDags.raw(3, 10));
    }
    assertThat(db().resolve(StorageOptions.NEW_REPO_MARKER)).doesNotExist();
    try (RocksStorage s = RocksStorage.openRepo(StorageOptions.defaults(db()), "node-a")) {
      assertThat(s.blocks().has(TestDags.raw(3, 10).cid())).isTrue();
    }
  }

  @Test
  void aRepoWhoseStoreWentMissingIsRefusedNotRecreated() throws IOException {
    initRepoFolder();
    RocksStorage.openRepo(StorageOptions.defaults(db()), "node-a").close();
    deleteTree(db());
    assertThatThrownBy(() -> RocksStorage.openRepo(StorageOptions.defaults(db()), "node-a"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("the repo's datastore " + db() + " is missing")
        .hasMessageContaining("blocks and pins are gone");
    assertThat(db()).doesNotExist();
    Files.createDirectories(db());
    assertThatThrownBy(() -> RocksStorage.openRepo(StorageOptions.defaults(db()), "node-a"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("the repo's datastore " + db() + " is empty");
  }

  @Test
  void aStoreOfAnotherRepoIsRefused() throws IOException {
    initRepoFolder();
    RocksStorage.openRepo(StorageOptions.defaults(db()), "node-a").close();
    assertThatThrownBy(() -> RocksStorage.openRepo(StorageOptions.defaults(db()), "node-b"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(
            "belongs to another repo (node node-a), not to this one (node node-b)");
  }

  @Test
  void aStoreFromBeforeRepoIdsAdoptsTheRepoThatOpensIt() throws IOException {
    open().close();
    RocksStorage.openRepo(StorageOptions.defaults(db()), "node-a").close();
    assertThatThrownBy(() -> RocksStorage.openRepo(StorageOptions.defaults(db()), "node-b"))
        .hasMessageContaining("belongs to another repo (node node-a)");
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void namesADamagedDatabase() throws Exception {
    open().close();
    Files.writeString(db().resolve("CURRENT"), "MANIFEST-999999\n");
    assertThatThrownBy(this::open)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("repo database at " + db() + " is damaged");
  }

  @Test
  void refusesAFolderThatIsNotADatabase() throws Exception {
    Files.createDirectories(db());
    Files.writeString(db().resolve("notes.txt"), "hello");
    assertThatThrownBy(this::open)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("is damaged or is not a Cairn database");
  }

  @Test
  void refusesANewerSchema() {
    open().close();
    RawRocks.put(db(), Column.META, RocksDatabase.bytes("schema-version"), "7".getBytes());
    assertThatThrownBy(this::open)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("schema version 7")
        .hasMessageContaining("upgrade Cairn");
  }

  @Test
  void refusesUseAfterClose() {
    RocksStorage s = open();
    KeyValueTable t = s.table("deals");
    s.close();
    s.close();
    assertThatThrownBy(() -> t.get(new byte[] {1}))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(s::beginWrite).isInstanceOf(StorageException.class);
  }

  @Test
  void tablesKeepTheirEntriesApartAndScanByPrefix() {
    try (RocksStorage s = open()) {
      KeyValueTable deals = s.table("deals");
      KeyValueTable jobs = s.table("jobs");
      deals.put(bytes("a/1"), bytes("one"));
      deals.put(bytes("a/2"), bytes("two"));
      deals.put(bytes("b/1"), bytes("three"));
      deals.put(new byte[] {(byte) 0xFF, (byte) 0xFF}, bytes("high"));
      jobs.put(bytes("a/1"), bytes("job"));
      assertThat(deals.get(bytes("a/1")))
          .hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("one")));
      assertThat(deals.get(bytes("zz"))).isEmpty();
      try (Stream<Map.Entry<byte[], byte[]>> a = deals.scan(bytes("a/"))) {
        assertThat(a.map(e -> text(e.getKey()) + "=" + text(e.getValue())))
            .containsExactly("a/1=one", "a/2=two");
      }
      try (Stream<Map.Entry<byte[], byte[]>> all = deals.scan(new byte[0])) {
        assertThat(all.count()).isEqualTo(4);
      }
      try (Stream<Map.Entry<byte[], byte[]>> high = deals.scan(new byte[] {(byte) 0xFF})) {
        assertThat(high.map(e -> text(e.getValue()))).containsExactly("high");
      }
      try (Stream<Map.Entry<byte[], byte[]>> all = jobs.scan(new byte[0])) {
        assertThat(all.map(e -> text(e.getValue()))).containsExactly("job");
      }
      deals.delete(bytes("a/1"));
      assertThat(deals.get(bytes("a/1"))).isEmpty();
    }
    try (RocksStorage s = open()) {
      assertThat(s.table("deals").get(bytes("a/2")))
          .hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("two")));
    }
  }

  @Test
  void rejectsBadTableNames() {
    try (RocksStorage s = open()) {
      for (String bad : List.of("", "Deals", "a b", "x".repeat(65), "a\0b")) {
        assertThatThrownBy(() -> s.table(bad))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("table name");
      }
    }
  }

  @Test
  void aMappedScanReadThroughItsIteratorEndsCleanly() {
    // A mapped stream's iterator asks its source again after the end: the cursor must answer
    // false again rather than move the finished RocksDB iterator.
    try (RocksStorage s = open()) {
      KeyValueTable t = s.table("t");
      t.put(bytes("k1"), bytes("v1"));
      t.put(bytes("k2"), bytes("v2"));
      List<String> seen = new java.util.ArrayList<>();
      try (Stream<Map.Entry<byte[], byte[]>> scan = t.scan(new byte[0])) {
        var it = scan.map(e -> text(e.getValue())).iterator();
        while (it.hasNext()) {
          seen.add(it.next());
        }
        assertThat(it.hasNext()).isFalse();
      }
      assertThat(seen).containsExactly("v1", "v2");
    }
  }

  @Test
  void closingTheStorageClosesOpenScans() {
    RocksStorage s = open();
    KeyValueTable t = s.table("t");
    t.put(bytes("k1"), bytes("v"));
    t.put(bytes("k2"), bytes("v"));
    Stream<Map.Entry<byte[], byte[]>> scan = t.scan(new byte[0]);
    var it = scan.iterator();
    assertThat(it.hasNext()).isTrue();
    it.next();
    s.close();
    assertThatThrownBy(it::hasNext).isInstanceOf(StorageException.class);
    scan.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
