package io.cairn.storage.rocksdb;

import io.cairn.storage.Block;
import io.cairn.storage.Multicodec;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.WriteSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Write throughput of the block store, as {@code add} drives it: 256 KiB raw blocks hashed with
 * sha2-256, written through a write session in batches, then synced and pinned. Compares the chosen
 * design (no write-ahead log for blocks, a flush at the end) with the log on, and prints {@code dd
 * conv=fdatasync} on the same disk for scale. Prints figures; asserts nothing.
 *
 * <p>Run: {@code java -cp <test classpath> io.cairn.storage.rocksdb.WriteThroughputBenchmark
 * [folder] [MiB]}
 */
public final class WriteThroughputBenchmark {
  private static final int BLOCK = 256 * 1024;
  private static final int BATCH = 64;

  private WriteThroughputBenchmark() {}

  private enum Mode {
    CHOSEN("blocks without WAL, flush at sync (chosen)"),
    WAL_SYNC("blocks with WAL, WAL fsync at the end"),
    WAL_FLUSH("blocks with WAL, flush at sync");

    final String label;

    Mode(String label) {
      this.label = label;
    }
  }

  public static void main(String[] args) throws Exception {
    Path base = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
    long mib = args.length > 1 ? Long.parseLong(args[1]) : 1024;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    long bytes = mib << 20;
    Path work = Files.createTempDirectory(base, "cairn-bench");
    try {
      hashOnly(bytes); // warms up the hashing and block code
      System.out.printf("generate + sha2-256 only: %.0f MB/s%n", hashOnly(bytes));
      // The disk is shared: dd runs right before each run, and each ratio is to that dd.
      Map<Mode, List<Double>> ratios = new EnumMap<>(Mode.class);
      for (int round = 0; round < rounds; round++) {
        for (Mode mode : Mode.values()) {
          double dd = dd(work, mib);
          double mbs = run(work.resolve(mode.name() + round), bytes, mode);
          ratios.computeIfAbsent(mode, m -> new ArrayList<>()).add(mbs / dd);
          System.out.printf(
              "%-45s %5d MiB: %4.0f MB/s, dd just before %4.0f MB/s: %.2f x dd%n",
              mode.label, mib, mbs, dd, mbs / dd);
        }
      }
      for (Mode mode : Mode.values()) {
        List<Double> r = ratios.get(mode).stream().sorted().toList();
        System.out.printf("median %-38s %.2f x dd%n", mode.label, r.get(r.size() / 2));
      }
      singlePuts(work.resolve("single"));
    } finally {
      delete(work);
    }
  }

  private static double run(Path dir, long bytes, Mode mode) {
    Durability bulk = mode == Mode.CHOSEN ? Durability.BUFFERED : Durability.LOGGED;
    SplittableRandom random = new SplittableRandom(42);
    byte[][] pool = new byte[8][BLOCK];
    for (byte[] b : pool) {
      random.nextBytes(b);
    }
    long start = System.nanoTime();
    try (RocksStorage storage = RocksStorage.open(new StorageOptions(dir, true, 0), true, bulk)) {
      try (WriteSession session = storage.beginWrite()) {
        List<Block> batch = new ArrayList<>(BATCH);
        Block last = null;
        for (long i = 0; i < bytes / BLOCK; i++) {
          last = block(pool, i);
          if (!session.blocks().has(last.cid())) {
            batch.add(last);
          }
          if (batch.size() == BATCH) {
            session.blocks().putAll(batch);
            batch.clear();
          }
        }
        session.blocks().putAll(batch);
        if (mode == Mode.WAL_SYNC) {
          storage.database().syncLog();
          storage.pins().add(last.cid(), false, "bench");
        } else {
          session.pin(last.cid(), false, "bench");
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return bytes / seconds / 1e6;
    }
  }

  /**
   * Latency of a durable single-block put: the chosen logged and synced write, against a bulk write
   * followed by a flush of the block columns.
   */
  private static void singlePuts(Path dir) {
    int puts = 200;
    try (RocksStorage storage = RocksStorage.open(new StorageOptions(dir, true, 0))) {
      SplittableRandom random = new SplittableRandom(9);
      for (int size : new int[] {4096, BLOCK}) {
        long logged = 0;
        long flushed = 0;
        for (int i = 0; i < puts; i++) {
          byte[] a = new byte[size];
          byte[] b = new byte[size];
          random.nextBytes(a);
          random.nextBytes(b);
          long t0 = System.nanoTime();
          storage.blocks().put(Block.create(Multicodec.RAW, a));
          long t1 = System.nanoTime();
          storage.blocks().putAll(List.of(Block.create(Multicodec.RAW, b)));
          storage.blocks().sync();
          long t2 = System.nanoTime();
          logged += t1 - t0;
          flushed += t2 - t1;
        }
        System.out.printf(
            "durable single put of %6d bytes: logged + synced %.2f ms, buffered + flush %.2f ms%n",
            size, logged / 1e6 / puts, flushed / 1e6 / puts);
      }
    }
  }

  /** A unique block: a pool buffer with its index in the first eight bytes. */
  private static Block block(byte[][] pool, long i) {
    byte[] data = pool[(int) (i % pool.length)].clone();
    for (int k = 0; k < 8; k++) {
      data[k] = (byte) (i >>> (8 * k));
    }
    return Block.create(Multicodec.RAW, data);
  }

  private static double hashOnly(long bytes) {
    byte[][] pool = new byte[8][BLOCK];
    long start = System.nanoTime();
    long sink = 0;
    for (long i = 0; i < bytes / BLOCK; i++) {
      sink += block(pool, i).cid().hashCode();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (sink == 42) {
      System.out.print("");
    }
    return bytes / seconds / 1e6;
  }

  /** {@code dd if=/dev/zero bs=1M conv=fdatasync}, in MB/s. */
  private static double dd(Path dir, long mib) throws Exception {
    Path file = dir.resolve("dd.bin");
    try {
      long start = System.nanoTime();
      Process p =
          new ProcessBuilder(
                  "dd", "if=/dev/zero", "of=" + file, "bs=1M", "count=" + mib, "conv=fdatasync")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        throw new IOException("dd failed");
      }
      return (mib << 20) / ((System.nanoTime() - start) / 1e9) / 1e6;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
