package io.cairn.chain;

import java.math.BigInteger;
import java.util.HexFormat;

/**
 * The open challenge of a deal: the period whose window is open now and its seed.
 *
 * @param dealId the deal, which is also the proof set ID the challenges are derived with
 * @param period the period, from 0
 * @param seed the 32-byte hash of the seed block
 * @param seedBlock the block whose hash is the seed
 * @param windowEnd the last block a proof for this period may be mined in
 * @param count the challenges to answer
 */
public record Challenge(
    BigInteger dealId, int period, byte[] seed, long seedBlock, long windowEnd, int count) {
  public Challenge {
    if (seed == null || seed.length != 32) {
      throw new IllegalArgumentException("seed must be 32 bytes");
    }
    seed = seed.clone();
  }

  @Override
  public byte[] seed() {
    return seed.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Challenge c
        && c.dealId.equals(dealId)
        && c.period == period
        && java.util.Arrays.equals(c.seed, seed)
        && c.seedBlock == seedBlock
        && c.windowEnd == windowEnd
        && c.count == count;
  }

  @Override
  public int hashCode() {
    return dealId.hashCode() * 31 + period;
  }

  @Override
  public String toString() {
    return "Challenge[deal="
        + dealId
        + ", period="
        + period
        + ", seed=0x"
        + HexFormat.of().formatHex(seed)
        + ", seedBlock="
        + seedBlock
        + ", windowEnd="
        + windowEnd
        + ", count="
        + count
        + "]";
  }
}
