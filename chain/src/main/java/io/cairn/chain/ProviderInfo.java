package io.cairn.chain;

import java.math.BigInteger;

/**
 * A provider as the registry records it: offer, stake (and the part of it locked for live deals,
 * claimed jobs and verifier draws), whether it takes new deals, and its reputation counters (bumped
 * only by the markets).
 */
public record ProviderInfo(
    String address,
    ProviderOffer offer,
    BigInteger stake,
    boolean active,
    long periodsProven,
    long periodsFaulted,
    long dealsCompleted,
    long dealsFailed,
    BigInteger lockedStake) {
  /** The stake not locked: what a new deal, job claim or verifier draw may lock. */
  public BigInteger freeStake() {
    return stake.subtract(lockedStake).max(BigInteger.ZERO);
  }
}
