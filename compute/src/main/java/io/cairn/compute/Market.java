package io.cairn.compute;

import java.math.BigInteger;
import java.time.Instant;

/**
 * Fields reserved for the compute market: carried in the spec (so they are part of its CID) but not
 * used by the engine on one node.
 *
 * @param price what the user offers, in the chain's smallest unit; null when unset
 * @param deadline when the result is due; null when unset (whole seconds)
 */
public record Market(BigInteger price, Instant deadline) {
  public static final Market NONE = new Market(null, null);

  public Market {
    if (price != null && price.signum() < 0) {
      throw new IllegalArgumentException("price must not be negative, not " + price);
    }
    if (price != null && price.bitLength() > 256) {
      throw new IllegalArgumentException("price does not fit 256 bits: " + price);
    }
    if (deadline != null) {
      if (deadline.getNano() != 0 || deadline.getEpochSecond() < 0) {
        throw new IllegalArgumentException(
            "deadline must be a whole second after 1970-01-01T00:00:00Z, not " + deadline);
      }
    }
  }
}
