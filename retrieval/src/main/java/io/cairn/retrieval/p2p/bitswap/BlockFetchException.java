package io.cairn.retrieval.p2p.bitswap;

import io.cairn.storage.Cid;
import io.cairn.storage.StorageException;

/** A block could not be fetched from the network: time-out, offline, or Bitswap stopped. */
public final class BlockFetchException extends StorageException {
  private static final long serialVersionUID = 1L;
  private final transient Cid cid;

  public BlockFetchException(Cid cid, String why) {
    super("block " + cid + " " + why);
    this.cid = cid;
  }

  public BlockFetchException(Cid cid, String why, Throwable cause) {
    super("block " + cid + " " + why, cause);
    this.cid = cid;
  }

  public Cid cid() {
    return cid;
  }
}
