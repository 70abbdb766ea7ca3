package io.cairn.storage;

/** A block whose bytes do not hash to its CID: corrupted on disk, or a lying peer. */
public class CorruptBlockException extends StorageException {
  private final transient Cid cid;

  public CorruptBlockException(Cid cid, String where) {
    super("block " + cid + " from " + where + " does not match its hash");
    this.cid = cid;
  }

  /** A block that cannot be read back as it was stored, for the reason {@code message} gives. */
  protected CorruptBlockException(Cid cid, String message, Throwable cause) {
    super(message, cause);
    this.cid = cid;
  }

  public Cid cid() {
    return cid;
  }
}
