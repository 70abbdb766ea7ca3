package io.cairn.retrieval.p2p.bitswap;

import io.cairn.storage.Cid;
import io.cairn.storage.StorageException;

/**
 * A block could not be fetched from the network: time-out, no peer to ask, offline, cancelled, or
 * Bitswap stopped.
 */
public final class BlockFetchException extends StorageException {
  private static final long serialVersionUID = 1L;

  /** Why the fetch failed, for callers that answer differently (a gateway's 504, 404 or 502). */
  public enum Reason {
    /** No peer sent the block within the time allowed: worth trying again later. */
    TIMED_OUT,
    /**
     * Nothing could send the block: no peer that speaks Bitswap is connected, none is being
     * dialled, and the provider search found none to ask. Worth trying again once the node has
     * peers.
     */
    NO_PEERS,
    /** The node is offline and does not hold the block. */
    OFFLINE,
    /**
     * Whoever wanted the block gave up (a client that disconnected, a command past its deadline);
     * the cause says why.
     */
    CANCELLED,
    /** Anything else: stopped, interrupted, or the block could not be stored. */
    FAILED
  }

  private final transient Cid cid;
  private final Reason reason;

  public BlockFetchException(Cid cid, String why) {
    this(cid, Reason.FAILED, why, null);
  }

  public BlockFetchException(Cid cid, String why, Throwable cause) {
    this(cid, Reason.FAILED, why, cause);
  }

  public BlockFetchException(Cid cid, Reason reason, String why, Throwable cause) {
    super("block " + cid + " " + why, cause);
    this.cid = cid;
    this.reason = reason;
  }

  public Cid cid() {
    return cid;
  }

  public Reason reason() {
    return reason;
  }
}
