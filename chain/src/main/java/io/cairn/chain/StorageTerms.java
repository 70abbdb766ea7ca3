package io.cairn.chain;

import java.math.BigInteger;

/**
 * The storage deals a provider accepts, as the registry records them and the market checks them.
 *
 * @param pricePerTiBPerPeriod the price floor (the offer's price): a deal pays at least this times
 *     its padded piece size over 2^40, rounded up, per period
 * @param maxPeriods the longest deal, 0: no limit
 * @param minPieceBytes the smallest padded piece
 * @param maxDealsInFlight the most live deals, 0: no limit
 */
public record StorageTerms(
    BigInteger pricePerTiBPerPeriod, long maxPeriods, long minPieceBytes, int maxDealsInFlight) {
  public StorageTerms {
    pricePerTiBPerPeriod = Amounts.check(pricePerTiBPerPeriod, "price per TiB per period");
    if (maxPeriods < 0 || minPieceBytes < 0 || maxDealsInFlight < 0) {
      throw new IllegalArgumentException("storage terms must not be negative");
    }
  }

  /** The lowest price per period for a piece of {@code paddedBytes}, as the market computes it. */
  public BigInteger minPrice(long paddedBytes) {
    BigInteger tib = BigInteger.ONE.shiftLeft(40);
    return pricePerTiBPerPeriod
        .multiply(BigInteger.valueOf(paddedBytes))
        .add(tib.subtract(BigInteger.ONE))
        .shiftRight(40);
  }
}
