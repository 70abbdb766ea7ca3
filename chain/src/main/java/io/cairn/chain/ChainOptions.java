package io.cairn.chain;

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
 */
public record ChainOptions(
    URI rpc, Deployment deployment, int confirmations, Duration pollInterval) {
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
  }
}
