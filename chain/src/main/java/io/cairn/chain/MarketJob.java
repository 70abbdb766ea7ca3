package io.cairn.chain;

import java.math.BigInteger;

/**
 * A compute job as the market records it. The GPU model and energy source required are kept as
 * their keccak256 ({@link JobRequirements#hash}), zero for any.
 *
 * @param provider the claiming provider, {@code 0x000…0} before a claim
 * @param token the payment token, {@code 0x000…0} for native currency
 * @param collateral the provider's collateral, locked at the claim
 * @param deadlineBlock the last block for the result
 * @param resultBlock the block of the result (0 before); the challenge window runs {@code
 *     challengeBlocks} after it
 * @param challenger who disputed, {@code 0x000…0} if nobody did
 * @param bond the challenger's bond, held while the dispute runs
 * @param drawBlock the block whose {@code prevrandao} draws the verifiers (0 before a dispute)
 * @param commitEnd the last block for commitments (0 before the draw)
 * @param revealEnd the last block for reveals (0 before the draw)
 */
public record MarketJob(
    BigInteger id,
    String client,
    String provider,
    String token,
    MarketJobState state,
    int engine,
    int cpuCores,
    long memoryBytes,
    byte[] gpuModelHash,
    long gpuMemoryBytes,
    byte[] energySourceHash,
    BigInteger price,
    BigInteger collateral,
    long postedBlock,
    long deadlineBlock,
    long resultBlock,
    long challengeBlocks,
    int verifiers,
    byte[] specCid,
    byte[] outputCid,
    long fuelUsed,
    byte[] receiptHash,
    String challenger,
    BigInteger bond,
    long drawBlock,
    long commitEnd,
    long revealEnd) {
  /** Whether the job pays in native currency. */
  public boolean nativeCurrency() {
    return token.equals(Addresses.ZERO);
  }

  /** Whether the job's result can be disputed by re-execution (WASM jobs only). */
  public boolean verifiable() {
    return engine == JobRequirements.ENGINE_WASM;
  }

  /** The last block of the challenge window (0 before a result). */
  public long challengeEnd() {
    return resultBlock == 0 ? 0 : resultBlock + challengeBlocks;
  }
}
