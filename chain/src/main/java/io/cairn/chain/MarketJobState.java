package io.cairn.chain;

/** Where a compute job stands on the market. */
public enum MarketJobState {
  /** Posted and escrowed; no provider yet. */
  POSTED,
  /** Claimed by a provider, collateral locked; the result is due by the deadline. */
  CLAIMED,
  /** Result submitted; the challenge window runs. */
  SUBMITTED,
  /** Disputed; verifiers are drawn once the draw block is mined. */
  DISPUTED,
  /** Verifiers drawn; they commit and reveal their results. */
  DRAWN,
  /** Settled in the provider's favour: price and collateral credited to it. */
  PAID,
  /** Settled in the client's favour (dispute won, or CUDA result rejected). */
  REFUNDED,
  /** Cancelled by the client before anyone claimed it. */
  CANCELLED,
  /** The provider missed the deadline: the client refunded, the provider slashed. */
  EXPIRED
}
