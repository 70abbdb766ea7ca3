package io.cairn.storage;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to open a node's storage.
 *
 * @param directory the database folder inside the repo
 * @param verifyReads whether block reads are hash-checked (on by default: blocks leave the node)
 * @param storageMaxBytes the soft size limit from {@code Datastore.StorageMax}; 0 for none
 */
public record StorageOptions(Path directory, boolean verifyReads, long storageMaxBytes) {
  public StorageOptions {
    Objects.requireNonNull(directory, "directory");
    if (storageMaxBytes < 0) {
      throw new IllegalArgumentException("storage limit must not be negative");
    }
  }

  public static StorageOptions defaults(Path directory) {
    return new StorageOptions(directory, true, 0);
  }
}
