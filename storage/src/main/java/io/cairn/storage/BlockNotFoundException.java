package io.cairn.storage;

/** A block that a read needed is not in the store. */
public final class BlockNotFoundException extends StorageException {
  private final transient Cid cid;

  public BlockNotFoundException(Cid cid) {
    super("block " + cid + " is not in the repo");
    this.cid = cid;
  }

  public Cid cid() {
    return cid;
  }
}
