package io.cairn.storage;

import java.util.Objects;

/**
 * One reference of the filestore as {@code filestore ls} and {@code filestore verify} report it:
 * the raw block's CID, the file (relative to the filestore's root, slash-separated), and the span
 * of the block's bytes in it; with a status other than {@link Status#OK}, what is wrong.
 *
 * @param key the block's CIDv1 (raw codec); null when the argument asked about was not a CID
 * @param filePath the file, empty when the reference is unknown or unreadable
 * @param errorMessage empty when {@code status} is {@link Status#OK}
 */
public record FilestoreEntry(
    Status status, String errorMessage, Cid key, String filePath, long offset, long size) {

  /** Kubo's statuses, with their numbers (the JSON form) and words (the text form). */
  public enum Status {
    /** The block can be read back from its file. */
    OK(0, "ok"),
    /** The file could not be read for another reason than its absence. */
    FILE_ERROR(10, "error"),
    /** The file is gone. */
    FILE_NOT_FOUND(11, "no-file"),
    /** The file's bytes at the reference's span no longer hash to the block's CID. */
    FILE_CHANGED(12, "changed"),
    /** The reference itself is unreadable (a damaged database entry, an argument not a CID). */
    OTHER_ERROR(20, "ERROR"),
    /** No reference for the key asked about. */
    KEY_NOT_FOUND(30, "missing");

    private final int code;
    private final String word;

    Status(int code, String word) {
      this.code = code;
      this.word = word;
    }

    public int code() {
      return code;
    }

    public String word() {
      return word;
    }
  }

  public FilestoreEntry {
    Objects.requireNonNull(status, "status");
    errorMessage = errorMessage == null ? "" : errorMessage;
    filePath = filePath == null ? "" : filePath;
  }

  /** An entry for a key the filestore has no reference for, or cannot read one of. */
  public static FilestoreEntry problem(Status status, String errorMessage, Cid key) {
    return new FilestoreEntry(status, errorMessage, key, "", 0, 0);
  }
}
