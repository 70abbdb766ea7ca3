package io.cairn.storage.rocksdb;

import io.cairn.storage.StorageException;
import java.nio.file.Path;
import java.util.Locale;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * The one place where RocksDB's checked exceptions become {@link StorageException}s with a message
 * a user can act on: what was being done, which repo, and what to try.
 */
final class RocksErrors {
  private RocksErrors() {}

  /**
   * Translates a failure of {@code action} (a phrase such as "read block Qm...") on the database at
   * {@code directory}.
   */
  static StorageException translate(RocksDBException e, String action, Path directory) {
    Status status = e.getStatus();
    String detail = e.getMessage() == null ? "unknown error" : e.getMessage();
    Status.Code code = status == null ? Status.Code.Undefined : status.getCode();
    Status.SubCode sub = status == null ? Status.SubCode.None : status.getSubCode();
    if (isLock(code, detail)) {
      return new StorageException(
          "repo at "
              + directory
              + " is locked by another process (is a cairn daemon running?)"
              + " ["
              + detail
              + "]",
          e);
    }
    if (sub == Status.SubCode.NoSpace || detail.toLowerCase(Locale.ROOT).contains("no space")) {
      return new StorageException(
          "cannot " + action + ": the disk holding " + directory + " is full (" + detail + ")", e);
    }
    if (code == Status.Code.IOError && detail.contains("No such file or directory")) {
      return new StorageException(
          "cannot "
              + action
              + ": the repo database at "
              + directory
              + " is damaged, a file it needs is missing ("
              + detail
              + "); restore it from a backup or re-initialise the repo",
          e);
    }
    return switch (code) {
      case Corruption ->
          new StorageException(
              "cannot "
                  + action
                  + ": the repo database at "
                  + directory
                  + " is damaged ("
                  + detail
                  + "); restore it from a backup or re-initialise the repo",
              e);
      case ShutdownInProgress ->
          new StorageException("cannot " + action + ": storage is closed", e);
      case IOError ->
          new StorageException(
              "cannot "
                  + action
                  + ": I/O error in the repo database at "
                  + directory
                  + " ("
                  + detail
                  + "); check the disk and the folder's permissions",
              e);
      default ->
          new StorageException(
              "cannot " + action + " in the repo database at " + directory + ": " + detail, e);
    };
  }

  private static boolean isLock(Status.Code code, String detail) {
    if (code != Status.Code.IOError && code != Status.Code.Busy) {
      return false;
    }
    // "While lock file: <dir>/LOCK: Resource temporarily unavailable" from another process,
    // "lock hold by current process ... <dir>/LOCK: No locks available" from this one.
    return detail.contains("/LOCK:") || detail.contains("lock hold by current process");
  }
}
