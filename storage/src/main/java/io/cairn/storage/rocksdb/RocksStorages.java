package io.cairn.storage.rocksdb;

import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;

/**
 * This package's one public door, for {@link io.cairn.storage.Storages}: other modules open a
 * node's storage there.
 */
public final class RocksStorages {
  private RocksStorages() {}

  /** See {@link io.cairn.storage.Storages#open}. */
  public static Storage open(StorageOptions options) {
    return RocksStorage.open(options);
  }

  /** See {@link io.cairn.storage.Storages#openExisting}. */
  public static Storage openExisting(StorageOptions options) {
    return RocksStorage.openExisting(options);
  }

  /** See {@link io.cairn.storage.Storages#openRepo}. */
  public static Storage openRepo(StorageOptions options, String repoId) {
    return RocksStorage.openRepo(options, repoId);
  }
}
