package io.cairn.chain;

import java.math.BigInteger;

/**
 * A compute job to post on the market; its price is escrowed when it is posted.
 *
 * @param specCid the job spec's CID, as bytes
 * @param requirements what the provider must offer
 * @param price what the provider is paid once the result stands, in the smallest unit
 * @param token the payment token; {@code null} or {@code 0x000…0} for native currency
 * @param deadlineBlocks blocks after posting within which the result must be submitted
 * @param challengeBlocks blocks after the result in which it may be disputed (or, for CUDA jobs,
 *     rejected); at least the market's minimum
 * @param verifiers verifiers drawn if the result is disputed: odd, 1 to the market's maximum for
 *     WASM jobs; 0 for CUDA jobs
 */
public record JobPosting(
    byte[] specCid,
    JobRequirements requirements,
    BigInteger price,
    String token,
    long deadlineBlocks,
    long challengeBlocks,
    int verifiers) {
  public JobPosting {
    if (specCid == null || specCid.length == 0) {
      throw new IllegalArgumentException("job spec CID is missing");
    }
    specCid = specCid.clone();
    if (requirements == null) {
      throw new IllegalArgumentException("job requirements are missing");
    }
    price = Amounts.check(price, "job price");
    token = token == null ? Addresses.ZERO : Addresses.check(token, "token");
    if (deadlineBlocks < 1 || challengeBlocks < 1) {
      throw new IllegalArgumentException(
          "deadline and challenge window must be at least one block, not "
              + deadlineBlocks
              + " and "
              + challengeBlocks);
    }
    if (verifiers < 0) {
      throw new IllegalArgumentException("verifiers must not be negative, not " + verifiers);
    }
  }

  @Override
  public byte[] specCid() {
    return specCid.clone();
  }

  /** Whether the job pays in native currency. */
  public boolean nativeCurrency() {
    return token.equals(Addresses.ZERO);
  }
}
