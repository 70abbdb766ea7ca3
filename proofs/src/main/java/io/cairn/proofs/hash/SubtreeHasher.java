package io.cairn.proofs.hash;

/**
 * Computes the roots of piece subtrees straight from payload bytes: Fr32-expands up to 256 quads
 * (1024 leaves, 32 KiB) into a reused buffer and hashes it layer by layer in place. One per thread;
 * allocates nothing per subtree.
 */
public final class SubtreeHasher {
  /** Levels in the largest subtree handled in one go: 2^10 leaves, 32 KiB of Fr32 bytes. */
  public static final int MAX_LEVELS = 10;

  /** Payload bytes under a subtree of {@link #MAX_LEVELS} levels: 256 quads. */
  public static final int UNIT_PAYLOAD = (1 << (MAX_LEVELS - 2)) * Fr32.QUAD_PAYLOAD;

  private final NodeHasher hasher = new NodeHasher();
  private final byte[] leaves = new byte[(1 << MAX_LEVELS) * NodeHasher.NODE];
  private final byte[] staging = new byte[UNIT_PAYLOAD];

  /**
   * The root of the subtree of {@code 2^levels} leaves (2 ≤ levels ≤ 10) over {@code src[so,
   * so+length)}, zero-padded to {@code 2^(levels-2) * 127} bytes, into {@code out[oo]}.
   */
  public void root(byte[] src, int so, int length, int levels, byte[] out, int oo) {
    int leafCount = expand(src, so, length, levels);
    int n = leafCount;
    while (n > 1) {
      hasher.layer(leaves, 0, 0, n / 2);
      n /= 2;
    }
    System.arraycopy(leaves, 0, out, oo, NodeHasher.NODE);
  }

  /**
   * Every level of the subtree over the payload, for inclusion proofs: level 0 (the leaves) at
   * {@code [0, 32·2^levels)}, then each level above right after the one below, the root last.
   *
   * @param all receives {@code 32·(2^(levels+1) - 1)} bytes
   */
  public void levels(byte[] src, int so, int length, int levels, byte[] all) {
    int leafCount = expand(src, so, length, levels);
    System.arraycopy(leaves, 0, all, 0, leafCount * NodeHasher.NODE);
    int at = 0;
    for (int n = leafCount; n > 1; n /= 2) {
      int next = at + n * NodeHasher.NODE;
      hasher.layer(all, at, next, n / 2);
      at = next;
    }
  }

  /** A staging buffer of {@link #UNIT_PAYLOAD} bytes for callers that must copy payload first. */
  public byte[] staging() {
    return staging;
  }

  private int expand(byte[] src, int so, int length, int levels) {
    if (levels < 2 || levels > MAX_LEVELS) {
      throw new IllegalArgumentException("subtree levels " + levels + " not in [2, 10]");
    }
    int quads = 1 << (levels - 2);
    if (length < 0 || length > quads * Fr32.QUAD_PAYLOAD) {
      throw new IllegalArgumentException(
          "payload of " + length + " bytes does not fit " + quads + " quads");
    }
    Fr32.expandPadded(src, so, length, quads, leaves, 0);
    return quads * 4;
  }
}
