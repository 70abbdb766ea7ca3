package io.cairn.retrieval.p2p;

/**
 * A libp2p operation failed: a dial, a handshake, a negotiation, or a peer broke the protocol. The
 * message names the peer and what went wrong.
 */
public class P2pException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public P2pException(String message) {
    super(message);
  }

  public P2pException(String message, Throwable cause) {
    super(message, cause);
  }
}
