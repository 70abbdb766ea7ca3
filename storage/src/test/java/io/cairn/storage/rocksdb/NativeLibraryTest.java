package io.cairn.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;

class NativeLibraryTest {
  @TempDir Path tmp;

  @Test
  void extractsTheLibraryOnceAndLeavesNoPartialFiles() throws Exception {
    Path first = NativeLibrary.extract(tmp);
    assertThat(first).isNotNull();
    Path lib = first.resolve(NativeLibrary.fileName());
    long size = Files.size(lib);
    assertThat(size).isGreaterThan(1_000_000);
    long modified = Files.getLastModifiedTime(lib).toMillis();

    Path again = NativeLibrary.extract(tmp);
    assertThat(again).isEqualTo(first);
    assertThat(Files.getLastModifiedTime(lib).toMillis()).isEqualTo(modified);
    try (Stream<Path> files = Files.list(first)) {
      assertThat(files).containsExactly(lib);
    }
  }

  @Test
  void concurrentExtractionsAgreeOnOneCompleteFile() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Callable<Path> job = () -> NativeLibrary.extract(tmp);
      List<Future<Path>> results = pool.invokeAll(List.of(job, job, job, job));
      Path dir = results.get(0).get();
      for (Future<Path> f : results) {
        assertThat(f.get()).isEqualTo(dir);
      }
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .containsExactly(NativeLibrary.fileName());
      }
      long expected =
          RocksDB.class
              .getClassLoader()
              .getResource(Environment.getJniLibraryFileName("rocksdb"))
              .openConnection()
              .getContentLengthLong();
      assertThat(Files.size(dir.resolve(NativeLibrary.fileName()))).isEqualTo(expected);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void loadingLeavesNoPerProcessCopyInTheTemporaryFolder() throws Exception {
    Path tmpdir = Path.of(System.getProperty("java.io.tmpdir"));
    NativeLibrary.load();
    assertThat(RocksDB.rocksdbVersion()).isNotNull();
    try (Stream<Path> files = Files.list(tmpdir)) {
      // RocksDB's own loader names its copies librocksdbjni<random>.so
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith("librocksdbjni") && n.endsWith(".so"));
    }
  }
}
