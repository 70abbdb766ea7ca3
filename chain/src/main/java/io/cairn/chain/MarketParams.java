package io.cairn.chain;

import java.math.BigInteger;

/**
 * The storage market's fixed parameters, set when it is deployed. Periods are counted from the
 * deployment block: period {@code p} is blocks {@code [genesis + p·periodBlocks, genesis +
 * (p+1)·periodBlocks)}, its proving window the last {@code windowBlocks} of them, and its seed the
 * {@code prevrandao} of the block just before the window.
 *
 * @param periodBlocks blocks in a proving period
 * @param windowBlocks blocks at the end of each period in which its proof is accepted; more than
 *     256 only on a chain with EIP-2935 block-hash history (the contract checks)
 * @param challengesPerProof challenged leaves per period, over each proof set of a provider (one
 *     per client)
 * @param collateralPercent provider collateral, in percent of the deal's whole fee
 * @param slashPercent what a faulted period takes from the deal's collateral, in percent of that
 *     period's price
 * @param slashToClientPercent the share of a fault's slash paid to the client, in percent; the rest
 *     is burned
 * @param acceptBlocks blocks after opening within which the provider may accept a deal
 * @param lookahead the fewest blocks between fixing a period's challenge range and its seed block
 * @param stakePerDeal registry stake locked per live deal, in wei
 * @param noticePeriods periods a terminated deal still runs
 */
public record MarketParams(
    int periodBlocks,
    int windowBlocks,
    int challengesPerProof,
    int collateralPercent,
    int slashPercent,
    int slashToClientPercent,
    int acceptBlocks,
    int lookahead,
    BigInteger stakePerDeal,
    int noticePeriods) {
  public MarketParams {
    if (lookahead < 2) {
      throw new IllegalArgumentException("lookahead must be at least 2 blocks, not " + lookahead);
    }
    if (windowBlocks < 1 || windowBlocks > 8191 || windowBlocks + lookahead + 1 > periodBlocks) {
      throw new IllegalArgumentException(
          "window of "
              + windowBlocks
              + " blocks must be at least 1, at most 8191 (the reach of EIP-2935 block-hash"
              + " history) and leave lookahead + 1 = "
              + (lookahead + 1)
              + " blocks of the period of "
              + periodBlocks
              + " blocks before it");
    }
    if (periodBlocks > 1_000_000) {
      throw new IllegalArgumentException("period of " + periodBlocks + " blocks is too long");
    }
    if (challengesPerProof < 1 || challengesPerProof > 100) {
      throw new IllegalArgumentException(
          "challenges per proof must be in [1, 100], not " + challengesPerProof);
    }
    if (collateralPercent < 0 || collateralPercent > 1000) {
      throw new IllegalArgumentException(
          "collateral percent must be in [0, 1000], not " + collateralPercent);
    }
    if (slashPercent < 0 || slashPercent > 1000) {
      throw new IllegalArgumentException("slash percent must be in [0, 1000], not " + slashPercent);
    }
    if (slashToClientPercent < 0 || slashToClientPercent > 100) {
      throw new IllegalArgumentException(
          "slash-to-client percent must be in [0, 100], not " + slashToClientPercent);
    }
    if (acceptBlocks < 1) {
      throw new IllegalArgumentException("accept blocks must be at least 1, not " + acceptBlocks);
    }
    stakePerDeal = Amounts.check(stakePerDeal, "stake per deal");
    if (noticePeriods < 0 || noticePeriods > 100_000) {
      throw new IllegalArgumentException(
          "notice periods must be in [0, 100000], not " + noticePeriods);
    }
  }

  /**
   * Development parameters: 20-block periods with a 10-block window, 5 challenges, collateral of
   * half the fee, a fault slashing half the period's price from it (none of it to the client), 50
   * blocks to accept, a lookahead of 2 blocks, 0.001 ether of stake per deal, 1 period of notice.
   */
  public static MarketParams dev() {
    return new MarketParams(20, 10, 5, 50, 50, 0, 50, 2, BigInteger.TEN.pow(15), 1);
  }

  /** The first block of period {@code p} of a market deployed at {@code genesis}. */
  public long periodStart(long genesis, long p) {
    return genesis + p * periodBlocks;
  }

  /** The seed block of period {@code p}: the block just before its window. */
  public long seedBlock(long genesis, long p) {
    return genesis + (p + 1) * periodBlocks - windowBlocks - 1;
  }

  /** The last block a proof of period {@code p} may be mined in. */
  public long windowEnd(long genesis, long p) {
    return genesis + (p + 1) * periodBlocks - 1;
  }

  /** The period of block {@code block}. */
  public long periodOf(long genesis, long block) {
    return (block - genesis) / periodBlocks;
  }
}
