package io.cairn.chain;

/**
 * The storage market's fixed parameters, set when it is deployed.
 *
 * @param periodBlocks blocks in a proving period
 * @param windowBlocks blocks at the end of each period in which its proof is accepted; the seed is
 *     the hash of the block just before the window
 * @param challengesPerProof challenged leaves per period
 * @param collateralPercent provider collateral, in percent of the deal's whole fee
 * @param slashPercent share of the collateral paid to the client per faulted period, in percent
 * @param acceptBlocks blocks after opening within which the provider may accept a deal
 */
public record MarketParams(
    int periodBlocks,
    int windowBlocks,
    int challengesPerProof,
    int collateralPercent,
    int slashPercent,
    int acceptBlocks) {
  public MarketParams {
    if (windowBlocks < 1 || windowBlocks >= periodBlocks || windowBlocks > 256) {
      throw new IllegalArgumentException(
          "window of "
              + windowBlocks
              + " blocks must be at least 1, at most 256 (the reach of blockhash) and shorter"
              + " than the period of "
              + periodBlocks
              + " blocks");
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
    if (slashPercent < 0 || slashPercent > 100) {
      throw new IllegalArgumentException("slash percent must be in [0, 100], not " + slashPercent);
    }
    if (acceptBlocks < 1) {
      throw new IllegalArgumentException("accept blocks must be at least 1, not " + acceptBlocks);
    }
  }

  /**
   * Development parameters: 20-block periods with a 10-block window, 5 challenges, collateral of
   * half the fee, 10% of it slashed per fault, 50 blocks to accept.
   */
  public static MarketParams dev() {
    return new MarketParams(20, 10, 5, 50, 10, 50);
  }
}
