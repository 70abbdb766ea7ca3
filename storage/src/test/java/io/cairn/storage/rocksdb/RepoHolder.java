package io.cairn.storage.rocksdb;

import io.cairn.storage.StorageOptions;
import java.nio.file.Path;

/** Test child: opens a repo, says "open", and holds it until its standard input ends. */
public final class RepoHolder {
  private RepoHolder() {}

  public static void main(String[] args) throws Exception {
    try (RocksStorage storage = RocksStorage.open(StorageOptions.defaults(Path.of(args[0])))) {
      System.out.println("open with " + storage.stats().blockCount() + " blocks");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the repo
      }
    }
  }
}
