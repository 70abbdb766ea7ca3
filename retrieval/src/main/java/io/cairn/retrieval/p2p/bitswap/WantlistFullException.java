package io.cairn.retrieval.p2p.bitswap;

/** A fetch was refused because the wantlist already holds as many wants as allowed. */
public final class WantlistFullException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public WantlistFullException(String message) {
    super(message);
  }
}
