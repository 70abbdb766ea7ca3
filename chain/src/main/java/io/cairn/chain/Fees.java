package io.cairn.chain;

import java.math.BigInteger;

/**
 * An EIP-1559 transaction's fees per gas.
 *
 * @param tip the priority fee (maxPriorityFeePerGas)
 * @param maxFee the most paid per gas, base fee included (maxFeePerGas)
 */
record Fees(BigInteger tip, BigInteger maxFee) {
  /** What a replacement raises each fee by at least: 1/8, over the 10 % geth and Anvil require. */
  private static final int BUMP_EIGHTHS = 1;

  Fees {
    if (tip == null || maxFee == null || tip.signum() < 0 || maxFee.compareTo(tip) < 0) {
      throw new IllegalArgumentException(
          "fees must have 0 <= tip <= max fee, not tip " + tip + " and max fee " + maxFee);
    }
  }

  /** Fees for a first send: twice the base fee (room for six full blocks in a row) plus the tip. */
  static Fees initial(BigInteger baseFee, BigInteger tip) {
    return new Fees(tip, baseFee.shiftLeft(1).add(tip));
  }

  /**
   * Fees for a replacement of a transaction sent with these: each raised by at least 12.5 %
   * (rounded up), the tip to at least {@code suggestedTip}, and the max fee to at least twice
   * {@code nextBaseFee} plus the new tip.
   */
  Fees bumped(BigInteger nextBaseFee, BigInteger suggestedTip) {
    BigInteger newTip = raise(tip).max(suggestedTip);
    return new Fees(newTip, raise(maxFee).max(nextBaseFee.shiftLeft(1).add(newTip)));
  }

  /**
   * These fees lowered, where they exceed it, to at most {@code perGas}: the max fee to it and the
   * tip to at most the max fee.
   */
  Fees cappedAt(BigInteger perGas) {
    return maxFee.compareTo(perGas) <= 0 ? this : new Fees(tip.min(perGas), perGas);
  }

  /**
   * Whether these fees may replace a transaction sent with {@code sent}: each raised by at least
   * 1/8 (rounded up), as {@link #bumped} raises them.
   */
  boolean replaces(Fees sent) {
    return tip.compareTo(raise(sent.tip)) >= 0 && maxFee.compareTo(raise(sent.maxFee)) >= 0;
  }

  private static BigInteger raise(BigInteger fee) {
    // ceil(fee * (8 + 1) / 8)
    return fee.multiply(BigInteger.valueOf(8 + BUMP_EIGHTHS))
        .add(BigInteger.valueOf(7))
        .shiftRight(3);
  }
}
