package io.cairn.proofs.hash;

import java.util.ArrayList;
import java.util.List;

/**
 * The layers of a piece tree from level 10 (one node per 32 KiB subtree) up to the root. Only the
 * nodes over payload are kept: node {@code i} of level {@code L} exists while {@code i < ceil(units
 * / 2^(L-10))}; every node past them is the zero root of its level, and a last node without a right
 * sibling is paired with that zero root, as PDP's {@code MerkleProve} does.
 */
public final class UpperLayers {
  /** The level of the bottom layer: units of 2^10 leaves. */
  public static final int BASE = SubtreeHasher.MAX_LEVELS;

  private final int height;
  private final List<NodeList> levels;

  private UpperLayers(int height, List<NodeList> levels) {
    this.height = height;
    this.levels = levels;
  }

  /**
   * Builds the layers above {@code base} (the level-10 roots of the data units) up to a tree of
   * {@code height} levels ({@code height >= 10}).
   */
  public static UpperLayers build(NodeList base, int height) {
    if (height < BASE) {
      throw new IllegalArgumentException("upper layers need a tree of height 10 or more");
    }
    if (base.size() == 0 || base.size() > 1L << (height - BASE)) {
      throw new IllegalArgumentException(
          base.size() + " units do not fit a tree of height " + height);
    }
    List<NodeList> levels = new ArrayList<>();
    levels.add(base);
    NodeHasher hasher = new NodeHasher();
    int batch = 4096;
    byte[] in = new byte[2 * batch * NodeHasher.NODE];
    byte[] out = new byte[batch * NodeHasher.NODE];
    for (int level = BASE; level < height; level++) {
      NodeList below = levels.get(levels.size() - 1);
      NodeList above = new NodeList();
      long pairs = (below.size() + 1) / 2;
      for (long p = 0; p < pairs; p += batch) {
        int n = (int) Math.min(batch, pairs - p);
        long first = 2 * p;
        int present = (int) Math.min(2L * n, below.size() - first);
        below.get(first, present, in, 0);
        if (present < 2 * n) {
          ZeroRoots.copy(level, in, present * NodeHasher.NODE);
        }
        hasher.layer(in, 0, 0, n);
        System.arraycopy(in, 0, out, 0, n * NodeHasher.NODE);
        above.add(out, 0, n);
      }
      levels.add(above);
    }
    return new UpperLayers(height, levels);
  }

  /** Wraps layers read back from a store. */
  public static UpperLayers of(int height, List<NodeList> levels) {
    if (levels.size() != height - BASE + 1) {
      throw new IllegalArgumentException(
          levels.size() + " layers do not make a tree of height " + height);
    }
    return new UpperLayers(height, List.copyOf(levels));
  }

  public int height() {
    return height;
  }

  /** The root of the tree. */
  public byte[] root() {
    return levels.get(levels.size() - 1).get(0);
  }

  /** Nodes kept at {@code level}. */
  public long stored(int level) {
    return levels.get(level - BASE).size();
  }

  /** The layer at {@code level} (10 ≤ level ≤ height). */
  public NodeList layer(int level) {
    return levels.get(level - BASE);
  }

  /** Node {@code index} of {@code level}: a stored node, or the level's zero root past them. */
  public byte[] node(int level, long index) {
    NodeList layer = levels.get(level - BASE);
    return index < layer.size() ? layer.get(index) : ZeroRoots.of(level);
  }

  /** Stored node count for a tree of {@code height} over {@code units} data units, per level. */
  public static long storedAt(long units, int level) {
    int shift = level - BASE;
    return (units + (1L << shift) - 1) >>> shift;
  }
}
