package io.cairn.chain;

import java.math.BigInteger;

/**
 * A deal as the market records it.
 *
 * @param leafCount the leaves challenges fall on: the piece's leaves that hold payload
 * @param token the payment token, {@code 0x000…0} for native currency
 * @param startBlock the acceptance block (0 before acceptance)
 * @param collateral the provider's collateral the market still holds for the deal
 * @param paid paid to the provider for proven periods
 * @param refunded refunded to the client (faulted and terminated periods, or the whole escrow on
 *     cancel)
 * @param setId the proof set of the provider and client holding the piece (0 before acceptance)
 * @param firstPeriod the first period the deal is challenged and paid in (acceptance period + 1)
 * @param endPeriod the period after its last (moved earlier by a termination)
 * @param escrowLeft the client's escrow the market still holds for the deal
 * @param terminated whether a party terminated it
 */
public record DealInfo(
    BigInteger id,
    String client,
    String provider,
    String pieceCidV2,
    long leafCount,
    int periods,
    BigInteger pricePerPeriod,
    String token,
    DealState state,
    long startBlock,
    BigInteger collateral,
    int periodsProven,
    int periodsFaulted,
    int periodsSettled,
    BigInteger paid,
    BigInteger refunded,
    long setId,
    long firstPeriod,
    long endPeriod,
    BigInteger escrowLeft,
    boolean terminated) {
  /** Whether the deal pays in native currency. */
  public boolean nativeCurrency() {
    return Addresses.ZERO.equals(token);
  }

  /** Periods it runs over: {@code endPeriod - firstPeriod} once accepted. */
  public long servedPeriods() {
    return endPeriod - firstPeriod;
  }
}
