package io.cairn.storage.rocksdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Where to put the blob threshold: writes small blocks to the blocks column once stored inline
 * (threshold above the block size) and once in blob files (threshold at the block size), with the
 * node's other settings, and prints write speed, bytes the process wrote per byte of blocks (from
 * {@code /proc/self/io}, once compactions have settled) and random read latency. Prints figures;
 * asserts nothing.
 *
 * <p>Run: {@code java -cp <test classpath> io.cairn.storage.rocksdb.BlobThresholdBenchmark [folder]
 * [MiB]}
 */
public final class BlobThresholdBenchmark {
  private BlobThresholdBenchmark() {}

  public static void main(String[] args) throws Exception {
    NativeLibrary.load();
    Path base = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
    long mib = args.length > 1 ? Long.parseLong(args[1]) : 1024;
    for (int size : new int[] {1024, 4096, 16384}) {
      for (boolean blob : new boolean[] {false, true}) {
        Path dir = Files.createTempDirectory(base, "cairn-blob-bench");
        try {
          run(dir, size, blob ? size : size * 2L, mib << 20);
        } finally {
          delete(dir);
        }
      }
    }
  }

  private static void run(Path dir, int size, long minBlob, long total) throws Exception {
    SplittableRandom random = new SplittableRandom(size);
    byte[][] pool = new byte[16][size];
    for (byte[] b : pool) {
      random.nextBytes(b);
    }
    int n = (int) (total / size);
    try (RocksTuning tuning = new RocksTuning()) {
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, tuning.defaults()));
      ColumnFamilyOptions blocks = tuning.options(Column.BLOCKS).setMinBlobSize(minBlob);
      descriptors.add(
          new ColumnFamilyDescriptor(
              Column.BLOCKS.name().getBytes(StandardCharsets.UTF_8), blocks));
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      long written0 = processWriteBytes();
      try (RocksDB db =
              RocksDB.open(
                  tuning.dbOptions(true, new PackFiles(dir.resolve(PackFiles.FOLDER))),
                  dir.toString(),
                  descriptors,
                  handles);
          WriteOptions noLog = new WriteOptions().setDisableWAL(true);
          FlushOptions wait = new FlushOptions().setWaitForFlush(true)) {
        ColumnFamilyHandle cf = handles.get(1);
        long start = System.nanoTime();
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < n; i++) {
          batch.put(cf, key(i), pool[i & 15]);
          if (batch.count() == 256 || i == n - 1) {
            db.write(noLog, batch);
            batch.close();
            batch = new WriteBatch();
          }
        }
        batch.close();
        db.flush(wait, cf);
        double seconds = (System.nanoTime() - start) / 1e9;
        while (db.getLongProperty(cf, "rocksdb.compaction-pending") > 0
            || db.getLongProperty(cf, "rocksdb.num-running-compactions") > 0) {
          Thread.sleep(50);
        }
        long written = processWriteBytes() - written0;
        SplittableRandom pick = new SplittableRandom(7);
        int reads = Math.min(n, 20_000);
        long readStart = System.nanoTime();
        for (int i = 0; i < reads; i++) {
          db.get(cf, key(pick.nextInt(n)));
        }
        double readMicros = (System.nanoTime() - readStart) / 1e3 / reads;
        System.out.printf(
            "%5d-byte blocks %-7s: write %4.0f MB/s, %s bytes written per block byte,"
                + " random get %5.1f us%n",
            size,
            minBlob <= size ? "blob" : "inline",
            total / seconds / 1e6,
            written < 0 ? "n/a" : String.format("%.2f", (double) written / total),
            readMicros);
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
  }

  /** A multihash-like key: sha2-256 code and length, then 32 bytes unique to {@code i}. */
  private static byte[] key(int i) {
    byte[] k = new byte[34];
    k[0] = 0x12;
    k[1] = 0x20;
    long h = i * 0x9E3779B97F4A7C15L;
    for (int j = 0; j < 32; j++) {
      k[2 + j] = (byte) (h >>> (8 * (j % 8)) ^ j);
    }
    return k;
  }

  /** Bytes this process has caused to be written to storage, or -1 off Linux. */
  private static long processWriteBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
        if (line.startsWith("write_bytes:")) {
          return Long.parseLong(line.substring(12).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
