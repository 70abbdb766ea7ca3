package io.cairn.proofs;

import io.cairn.storage.HashFunction;
import java.math.BigInteger;
import java.util.HexFormat;

/**
 * Challenge derivation, exactly as FilOz PDP's {@code PDPVerifier.provePossession} does it, so a
 * contract derives the same leaves: challenge {@code i} of a proving period is
 *
 * <pre>
 *   uint256(keccak256(abi.encodePacked(uint256 seed, uint256 setId, uint64 i))) % leafCount
 * </pre>
 *
 * {@code abi.encodePacked} concatenates without padding to 32 bytes: the seed as 32 big-endian
 * bytes, the set ID as 32 big-endian bytes, {@code i} as 8 big-endian bytes; 72 bytes in all.
 * {@code leafCount} is the set's challenge range: the data leaves of all its pieces ({@link
 * ProofSet#leafCount()}). The seed is the chain's randomness for the challenge epoch, a uint256
 * given here as its 32 big-endian bytes.
 */
public final class Challenges {
  /** Bytes in a seed. */
  public static final int SEED_BYTES = 32;

  /** Bytes hashed for one challenge. */
  public static final int PREIMAGE_BYTES = 32 + 32 + 8;

  private Challenges() {}

  /** The 72 bytes {@code abi.encodePacked(seed, setId, i)} that challenge {@code i} hashes. */
  public static byte[] preimage(byte[] seed, long setId, long i) {
    checkSeed(seed);
    if (setId < 0) {
      throw new IllegalArgumentException("set ID " + setId + " is negative");
    }
    byte[] out = new byte[PREIMAGE_BYTES];
    System.arraycopy(seed, 0, out, 0, SEED_BYTES);
    putLong(out, 56, setId);
    putLong(out, 64, i);
    return out;
  }

  /** The leaf index challenge {@code i} falls on, in {@code [0, leafCount)}. */
  public static long challenge(byte[] seed, long setId, long i, long leafCount) {
    if (leafCount <= 0) {
      throw new IllegalArgumentException("a proof set needs leaves to challenge, not " + leafCount);
    }
    byte[] hash = HashFunction.KECCAK_256.digest(preimage(seed, setId, i));
    return new BigInteger(1, hash).mod(BigInteger.valueOf(leafCount)).longValueExact();
  }

  /**
   * Parses a seed from hex: 64 hex digits (32 bytes), with or without {@code 0x}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static byte[] parseSeed(String hex) {
    if (hex == null) {
      throw new IllegalArgumentException("seed is missing");
    }
    String h = hex.strip();
    if (h.startsWith("0x") || h.startsWith("0X")) {
      h = h.substring(2);
    }
    if (h.length() % 2 != 0 || !h.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException("seed '" + hex + "' is not hex");
    }
    if (h.length() != 2 * SEED_BYTES) {
      throw new IllegalArgumentException(
          "seed must be 32 bytes (64 hex digits), not " + h.length() / 2 + " bytes");
    }
    return HexFormat.of().parseHex(h);
  }

  static byte[] checkSeed(byte[] seed) {
    if (seed == null || seed.length != SEED_BYTES) {
      throw new IllegalArgumentException(
          "seed must be 32 bytes, not " + (seed == null ? "missing" : seed.length + " bytes"));
    }
    return seed;
  }

  private static void putLong(byte[] out, int at, long v) {
    for (int k = 7; k >= 0; k--) {
      out[at + k] = (byte) v;
      v >>>= 8;
    }
  }
}
