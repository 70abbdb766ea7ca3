package io.cairn.storage;

import java.util.Objects;

/**
 * A block held as a filestore reference whose file no longer gives its bytes: the file is gone,
 * unreadable, shorter, or changed there. The block is never served from such a file.
 */
public final class FilestoreException extends CorruptBlockException {
  private final FilestoreEntry.Status status;

  public FilestoreException(
      Cid cid, FilestoreEntry.Status status, String message, Throwable cause) {
    super(cid, message, cause);
    this.status = Objects.requireNonNull(status, "status");
  }

  /** What is wrong with the file: {@code no-file}, {@code changed} or {@code error}. */
  public FilestoreEntry.Status status() {
    return status;
  }
}
