package io.cairn.compute.wasm;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The job's random bytes: SHA-256 in counter mode over the seed, block {@code i} being {@code
 * SHA-256(seed ‖ i as 8 bytes big-endian)}. The same seed gives the same stream on every node.
 */
final class SeededRandom {
  private final byte[] seed;
  private final MessageDigest sha256;
  private long counter;
  private byte[] block = new byte[0];
  private int used;

  SeededRandom(byte[] seed) {
    this.seed = seed.clone();
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  void nextBytes(byte[] out) {
    nextBytes(out, out.length);
  }

  /** Fills the first {@code len} bytes of {@code out}: the stream goes on where it left off. */
  void nextBytes(byte[] out, int len) {
    int filled = 0;
    while (filled < len) {
      if (used == block.length) {
        sha256.update(seed);
        for (int shift = 56; shift >= 0; shift -= 8) {
          sha256.update((byte) (counter >>> shift));
        }
        counter++;
        block = sha256.digest();
        used = 0;
      }
      int n = Math.min(len - filled, block.length - used);
      System.arraycopy(block, used, out, filled, n);
      used += n;
      filled += n;
    }
  }
}
