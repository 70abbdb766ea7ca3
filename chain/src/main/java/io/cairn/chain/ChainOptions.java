package io.cairn.chain;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;

/**
 * How to reach the chain.
 *
 * @param rpc the JSON-RPC endpoint
 * @param deployment the contracts
 * @param confirmations blocks an event must be under before {@link ChainClient#follow} delivers it
 *     (1: as soon as it is mined)
 * @param pollInterval how often receipts and new blocks are polled
 * @param maxFee the most one transaction may cost in fees, in wei: its max fee per gas times its
 *     gas limit, for the first send and every replacement; 0 for no cap
 */
public record ChainOptions(
    URI rpc, Deployment deployment, int confirmations, Duration pollInterval, BigInteger maxFee) {
  /**
   * The cap on one transaction's fees unless one is given: 1 ether, geth's {@code --rpc.txfeecap}.
   */
  public static final BigInteger DEFAULT_MAX_FEE = BigInteger.TEN.pow(18);

  public ChainOptions {
    if (rpc == null) {
      throw new IllegalArgumentException("chain RPC endpoint is missing");
    }
    if (deployment == null) {
      throw new IllegalArgumentException("chain deployment is missing");
    }
    if (confirmations < 1) {
      throw new IllegalArgumentException("confirmations must be at least 1, not " + confirmations);
    }
    if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("poll interval must be positive, not " + pollInterval);
    }
    if (maxFee == null || maxFee.signum() < 0) {
      throw new IllegalArgumentException(
          "the fee cap must be 0 (none) or a positive number of wei, not " + maxFee);
    }
  }

  /** Options with the {@link #DEFAULT_MAX_FEE default fee cap}. */
  public ChainOptions(URI rpc, Deployment deployment, int confirmations, Duration pollInterval) {
    this(rpc, deployment, confirmations, pollInterval, DEFAULT_MAX_FEE);
  }
}
