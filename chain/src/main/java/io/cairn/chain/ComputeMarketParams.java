package io.cairn.chain;

import java.math.BigInteger;

/**
 * The compute market's fixed parameters, set when it is deployed.
 *
 * @param lookahead blocks between a dispute and its draw block, whose {@code prevrandao} seeds the
 *     draw of verifiers; at least 2
 * @param collateralPercent provider collateral, in percent of the job's price (also the dispute
 *     bond)
 * @param slashPercent share of the collateral burned when the provider misses the deadline
 * @param verifierFeePercent share of the losing side's funds (collateral or bond) paid to the
 *     verifiers on the majority side, split K ways
 * @param stakePerJob registry stake locked per claimed job, slashed when the provider fails
 * @param stakePerVerifier registry stake locked per drawn verifier, slashed when it does not reveal
 * @param minChallengeBlocks the shortest challenge window a job may ask for
 * @param commitBlocks blocks after the draw in which verifiers commit
 * @param revealBlocks blocks after the commit phase in which verifiers reveal
 * @param maxVerifiers the most verifiers a job may ask for
 */
public record ComputeMarketParams(
    int lookahead,
    int collateralPercent,
    int slashPercent,
    int verifierFeePercent,
    BigInteger stakePerJob,
    BigInteger stakePerVerifier,
    int minChallengeBlocks,
    int commitBlocks,
    int revealBlocks,
    int maxVerifiers) {
  public ComputeMarketParams {
    if (lookahead < 2 || lookahead > 256) {
      throw new IllegalArgumentException("lookahead must be in [2, 256], not " + lookahead);
    }
    if (collateralPercent < 0 || collateralPercent > 1000) {
      throw new IllegalArgumentException(
          "collateral percent must be in [0, 1000], not " + collateralPercent);
    }
    if (slashPercent < 0 || slashPercent > 100) {
      throw new IllegalArgumentException("slash percent must be in [0, 100], not " + slashPercent);
    }
    if (verifierFeePercent < 0 || verifierFeePercent > 100) {
      throw new IllegalArgumentException(
          "verifier fee percent must be in [0, 100], not " + verifierFeePercent);
    }
    stakePerJob = Amounts.check(stakePerJob, "stake per job");
    stakePerVerifier = Amounts.check(stakePerVerifier, "stake per verifier");
    if (minChallengeBlocks < 1 || commitBlocks < 1 || revealBlocks < 1) {
      throw new IllegalArgumentException(
          "challenge, commit and reveal windows must be at least one block");
    }
    if (maxVerifiers < 1 || maxVerifiers > 31 || maxVerifiers % 2 == 0) {
      throw new IllegalArgumentException(
          "max verifiers must be odd and in [1, 31], not " + maxVerifiers);
    }
  }

  /**
   * Development parameters: draw 2 blocks after a dispute, collateral of half the price, 20% of it
   * burned on a missed deadline, 20% of the loser's funds to the verifiers, 0.1 (ether) of stake
   * locked per job and per verifier, windows of 5 blocks, up to 5 verifiers.
   */
  public static ComputeMarketParams dev() {
    BigInteger tenth = BigInteger.TEN.pow(17);
    return new ComputeMarketParams(2, 50, 20, 20, tenth, tenth, 5, 5, 5, 5);
  }
}
