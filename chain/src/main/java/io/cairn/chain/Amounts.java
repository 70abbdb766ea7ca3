package io.cairn.chain;

import java.math.BigInteger;

/** Checks token and wei amounts: present, not negative, a uint256. */
final class Amounts {
  private Amounts() {}

  static BigInteger check(BigInteger amount, String what) {
    if (amount == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    if (amount.signum() < 0 || amount.bitLength() > 256) {
      throw new IllegalArgumentException(what + " " + amount + " is not a uint256");
    }
    return amount;
  }
}
