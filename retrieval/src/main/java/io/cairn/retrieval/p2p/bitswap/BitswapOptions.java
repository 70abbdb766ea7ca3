package io.cairn.retrieval.p2p.bitswap;

import java.time.Duration;
import java.util.Objects;

/**
 * Bitswap's limits.
 *
 * @param maxWants wants the client holds at once, for all peers together; a fetch past it fails
 * @param maxWantsPerPeer entries of one peer's wantlist the server keeps; at the cap a new want
 *     takes the place of the oldest answered DONT_HAVE, else it is refused
 * @param maxInFlightBytesPerPeer reply bytes queued on a peer's stream before the server waits
 * @param fetchTimeout how long a fetch waits for a block before it fails naming the CID
 * @param inlineBlockSize a want-have for a block this small is answered with the block, as Helia
 *     does
 */
public record BitswapOptions(
    int maxWants,
    int maxWantsPerPeer,
    long maxInFlightBytesPerPeer,
    Duration fetchTimeout,
    int inlineBlockSize) {
  public static final BitswapOptions DEFAULTS =
      new BitswapOptions(32_768, 1024, 8L * 1024 * 1024, Duration.ofSeconds(30), 1024);

  public BitswapOptions {
    Objects.requireNonNull(fetchTimeout, "fetchTimeout");
    if (maxWants < 1 || maxWantsPerPeer < 1) {
      throw new IllegalArgumentException(
          "bitswap wantlist limits must be positive, not " + maxWants + " and " + maxWantsPerPeer);
    }
    if (maxInFlightBytesPerPeer < 1) {
      throw new IllegalArgumentException(
          "bitswap maxInFlightBytesPerPeer must be positive, not " + maxInFlightBytesPerPeer);
    }
    if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
      throw new IllegalArgumentException(
          "bitswap fetch time-out must be positive, not " + fetchTimeout);
    }
    if (inlineBlockSize < 0 || inlineBlockSize > BitswapMessage.MAX_MESSAGE_SIZE / 2) {
      throw new IllegalArgumentException(
          "bitswap inlineBlockSize must be between 0 and 2 MiB, not " + inlineBlockSize);
    }
  }

  public BitswapOptions withFetchTimeout(Duration timeout) {
    return new BitswapOptions(
        maxWants, maxWantsPerPeer, maxInFlightBytesPerPeer, timeout, inlineBlockSize);
  }

  public BitswapOptions withMaxWants(int max) {
    return new BitswapOptions(
        max, maxWantsPerPeer, maxInFlightBytesPerPeer, fetchTimeout, inlineBlockSize);
  }
}
