package io.cairn.chain;

import java.math.BigInteger;

/**
 * A deal as the market records it.
 *
 * @param leafCount the leaves challenges fall on: the piece's leaves that hold payload
 * @param token the payment token, {@code 0x000…0} for native currency
 * @param startBlock the acceptance block (0 before acceptance): period {@code k} runs over blocks
 *     {@code (start + k·periodBlocks, start + (k+1)·periodBlocks]}
 * @param collateral the provider's collateral the market still holds for the deal
 * @param paid paid to the provider for proven periods
 * @param refunded refunded to the client (faulted periods, or the whole escrow on cancel)
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
    BigInteger refunded) {
  /** Whether the deal pays in native currency. */
  public boolean nativeCurrency() {
    return Addresses.ZERO.equals(token);
  }
}
