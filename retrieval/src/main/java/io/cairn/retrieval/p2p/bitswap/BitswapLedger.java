package io.cairn.retrieval.p2p.bitswap;

import io.cairn.storage.PeerId;

/**
 * What this node and one peer exchanged, as {@code bitswap ledger} shows it (Kubo's fields: Peer,
 * Value, Sent, Recv, Exchanged).
 *
 * @param sent block bytes sent to the peer
 * @param received block bytes received from the peer
 * @param exchanged blocks exchanged either way
 */
public record BitswapLedger(
    PeerId peer, long sent, long received, long exchanged, long blocksSent, long blocksReceived) {
  /** Kubo's debt ratio: bytes sent over bytes received plus one. */
  public double value() {
    return (double) sent / (received + 1);
  }

  static BitswapLedger empty(PeerId peer) {
    return new BitswapLedger(peer, 0, 0, 0, 0, 0);
  }
}
