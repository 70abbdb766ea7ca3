package io.cairn.chain;

import java.math.BigInteger;

/**
 * What a client offers a provider.
 *
 * @param pieceCidV2 the piece, as its v2 piece CID text ({@code bafkzcib…})
 * @param periods the deal's length in proving periods
 * @param pricePerPeriod what each proven period pays, in the smallest unit of the currency
 * @param provider the chosen provider's address
 * @param nativeCurrency pay in the chain's native currency instead of the deployment's token
 */
public record DealTerms(
    String pieceCidV2,
    int periods,
    BigInteger pricePerPeriod,
    String provider,
    boolean nativeCurrency) {
  public DealTerms {
    PieceCids.toBytes(pieceCidV2);
    if (periods < 1 || periods > 100_000) {
      throw new IllegalArgumentException("deal periods must be in [1, 100000], not " + periods);
    }
    pricePerPeriod = Amounts.check(pricePerPeriod, "price per period");
    if (pricePerPeriod.signum() == 0) {
      throw new IllegalArgumentException("price per period must be positive");
    }
    // the market's own bound, so that the fee and a collateral of up to 1000 % fit a uint256
    BigInteger most =
        UINT256_MAX.divide(BigInteger.valueOf(1000)).divide(BigInteger.valueOf(periods));
    if (pricePerPeriod.compareTo(most) > 0) {
      throw new IllegalArgumentException(
          "price per period "
              + pricePerPeriod
              + " is more than the market takes for "
              + periods
              + " periods (at most "
              + most
              + ")");
    }
    provider = Addresses.check(provider, "provider");
  }

  private static final BigInteger UINT256_MAX =
      BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

  /** The whole fee escrowed at opening: price times periods. */
  public BigInteger total() {
    return pricePerPeriod.multiply(BigInteger.valueOf(periods));
  }
}
