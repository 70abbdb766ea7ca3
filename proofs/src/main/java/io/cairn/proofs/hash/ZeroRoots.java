package io.cairn.proofs.hash;

/**
 * Roots of all-zero subtrees: level 0 is a zero leaf, level {@code n} the sha254 of two level
 * {@code n-1} roots. Fr32 maps zero payload to zero leaves, so these are also the roots of zero
 * padding, and they stand in for the missing right halves of a piece tree past its data.
 */
public final class ZeroRoots {
  /** Levels kept: enough for any tree a 64-bit size can describe. */
  public static final int LEVELS = 64;

  private static final byte[][] ROOTS = compute();

  private ZeroRoots() {}

  /** The root of a zero subtree of {@code 2^level} leaves; a copy. */
  public static byte[] of(int level) {
    return ROOTS[check(level)].clone();
  }

  /** Copies the zero root of {@code level} into {@code dst[off]}. */
  public static void copy(int level, byte[] dst, int off) {
    System.arraycopy(ROOTS[check(level)], 0, dst, off, NodeHasher.NODE);
  }

  private static int check(int level) {
    if (level < 0 || level >= LEVELS) {
      throw new IllegalArgumentException("zero-subtree level " + level + " is not in [0, 63]");
    }
    return level;
  }

  private static byte[][] compute() {
    byte[][] roots = new byte[LEVELS][];
    roots[0] = new byte[NodeHasher.NODE];
    NodeHasher hasher = new NodeHasher();
    for (int i = 1; i < LEVELS; i++) {
      roots[i] = hasher.parent(roots[i - 1], roots[i - 1]);
    }
    return roots;
  }
}
