package io.cairn.storage;

import io.cairn.storage.rocksdb.RocksStorages;

/**
 * Opens a node's {@link Storage}: blocks, pins and node state in one RocksDB database in {@code
 * options.directory()}. Close it to persist buffered writes and free native memory.
 */
public final class Storages {
  private Storages() {}

  /**
   * Opens the storage, creating the database if the folder is missing or empty.
   *
   * @throws StorageException if another process holds the repo, or the database is damaged or of an
   *     unknown schema
   */
  public static Storage open(StorageOptions options) {
    return RocksStorages.open(options);
  }

  /** Opens the storage only if its database exists. */
  public static Storage openExisting(StorageOptions options) {
    return RocksStorages.openExisting(options);
  }

  /**
   * Opens a repo's storage: creates the database only in the folder {@code cairn init} prepared,
   * and refuses one that is missing or belongs to another repo, naming what is wrong.
   *
   * @param repoId the repo's identity, recorded in the database and checked at every open
   */
  public static Storage openRepo(StorageOptions options, String repoId) {
    return RocksStorages.openRepo(options, repoId);
  }
}
