package io.cairn.storage;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to open a node's storage.
 *
 * @param directory the database folder inside the repo
 * @param verifyReads whether block reads are hash-checked (on by default: blocks leave the node)
 * @param storageMaxBytes the soft size limit from {@code Datastore.StorageMax}; 0 for none
 * @param filestoreRoot the folder below which the filestore may reference files ({@code add
 *     --nocopy}), whose paths it records relative to it; null when the filestore is off
 * @param urlstore whether the urlstore is on: raw blocks may be kept as references to spans of web
 *     files ({@code add --nocopy URL}, Kubo's {@code Experimental.UrlstoreEnabled})
 */
public record StorageOptions(
    Path directory,
    boolean verifyReads,
    long storageMaxBytes,
    Path filestoreRoot,
    boolean urlstore) {
  /**
   * The file {@code cairn init} leaves in a new repo's empty database folder: a repo's database is
   * created only where it lies, so a database folder that went missing is reported, never silently
   * replaced by an empty one.
   */
  public static final String NEW_REPO_MARKER = "NEW-REPO";

  public StorageOptions {
    Objects.requireNonNull(directory, "directory");
    if (storageMaxBytes < 0) {
      throw new IllegalArgumentException("storage limit must not be negative");
    }
    if (filestoreRoot != null) {
      filestoreRoot = filestoreRoot.toAbsolutePath().normalize();
    }
  }

  /** Options with the urlstore off. */
  public StorageOptions(
      Path directory, boolean verifyReads, long storageMaxBytes, Path filestoreRoot) {
    this(directory, verifyReads, storageMaxBytes, filestoreRoot, false);
  }

  /** Options with the filestore and the urlstore off. */
  public StorageOptions(Path directory, boolean verifyReads, long storageMaxBytes) {
    this(directory, verifyReads, storageMaxBytes, null);
  }

  /** These options with the filestore on, referencing files below {@code root}. */
  public StorageOptions withFilestoreRoot(Path root) {
    return new StorageOptions(directory, verifyReads, storageMaxBytes, root, urlstore);
  }

  /** These options with the urlstore on or off. */
  public StorageOptions withUrlstore(boolean on) {
    return new StorageOptions(directory, verifyReads, storageMaxBytes, filestoreRoot, on);
  }

  /** Whether the storage keeps references at all: the filestore or the urlstore is on. */
  public boolean referencesBlocks() {
    return filestoreRoot != null || urlstore;
  }

  public static StorageOptions defaults(Path directory) {
    return new StorageOptions(directory, true, 0);
  }
}
