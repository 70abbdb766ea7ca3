package io.cairn.storage.unixfs;

import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Times the importer alone: a file read from disk into a store that discards blocks, and into
 * {@link BlockStore}. Prints figures and asserts nothing; not run by the test suite.
 *
 * <pre>
 * java -cp ... io.cairn.storage.unixfs.ImporterThroughput [MiB] [file]
 * </pre>
 */
final class ImporterThroughput {
  private ImporterThroughput() {}

  public static void main(String[] args) throws IOException {
    long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
    Path file = args.length > 1 ? Path.of(args[1]) : Files.createTempFile("cairn-import", ".bin");
    if (!Files.exists(file) || Files.size(file) != mib << 20) {
      TestData.file(file, 42, mib << 20);
    }
    System.out.printf(
        "input %d MiB, max heap %d MiB%n", mib, Runtime.getRuntime().maxMemory() >> 20);
    for (int round = 0; round < 2; round++) {
      for (Profile p : Profile.values()) {
        time(p + " -> discard", new CountingBlockSink(), ImportOptions.profile(p), file);
      }
    }
    if (Runtime.getRuntime().maxMemory() > 3 * (mib << 20)) {
      for (Profile p : Profile.values()) {
        try (BlockStore store = BlockStores.memory()) {
          time(p + " -> memory", store, ImportOptions.profile(p), file);
        }
        System.gc();
      }
    }
    if (args.length < 2) {
      Files.delete(file);
    }
  }

  private static void time(String label, BlockStore store, ImportOptions o, Path file)
      throws IOException {
    long start = System.nanoTime();
    List<AddedEntry> root;
    try (InputStream in = Files.newInputStream(file)) {
      root =
          new UnixFsImporter(store, o)
              .importEntries(
                  List.<ImportEntry>of(new ImportEntry.File("f", () -> in)).iterator(),
                  ImportListener.NONE);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double mb = Files.size(file) / 1e6;
    System.out.printf(
        "%-28s %7.0f MB/s  (%.2f s, root %s)%n", label, mb / seconds, seconds, root.get(0).cid());
  }
}
