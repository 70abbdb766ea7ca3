package io.cairn.chain;

/** A deal's state, in the order of the contract's enum. */
public enum DealState {
  /** Opened and escrowed, waiting for the provider. */
  OPEN,
  /** Accepted: periods are being proven. */
  ACTIVE,
  /** All periods settled; collateral left returned to the provider. */
  ENDED,
  /** Cancelled by the client before acceptance; escrow refunded. */
  CANCELLED
}
