package io.cairn.proofs;

import io.cairn.proofs.hash.NodeHasher;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A Merkle inclusion proof in a piece tree, in PDP's form ({@code IPDPTypes.Proof}): the 32-byte
 * leaf and its sibling path from the bottom up; {@code position} is the leaf's index, whose bits
 * say on which side each sibling goes (bit {@code i} set: the sibling at step {@code i} is on the
 * left). A proof for a tree of height {@code h} has exactly {@code h} siblings.
 */
public record InclusionProof(long position, byte[] leaf, byte[][] path) {
  public InclusionProof {
    if (position < 0) {
      throw new IllegalArgumentException("leaf position " + position + " is negative");
    }
    leaf = checkNode(leaf, "leaf");
    if (path == null) {
      throw new IllegalArgumentException("proof path is missing");
    }
    byte[][] copy = new byte[path.length][];
    for (int i = 0; i < path.length; i++) {
      copy[i] = checkNode(path[i], "sibling " + i);
    }
    path = copy;
  }

  private static byte[] checkNode(byte[] node, String what) {
    if (node == null || node.length != NodeHasher.NODE) {
      throw new IllegalArgumentException(
          what + " must be 32 bytes, not " + (node == null ? "missing" : node.length));
    }
    return node.clone();
  }

  @Override
  public byte[] leaf() {
    return leaf.clone();
  }

  @Override
  public byte[][] path() {
    byte[][] copy = new byte[path.length][];
    for (int i = 0; i < path.length; i++) {
      copy[i] = path[i].clone();
    }
    return copy;
  }

  /** Siblings in the path: the height of the tree the proof is for. */
  public int depth() {
    return path.length;
  }

  /** The root the leaf and path lead to, as PDP's {@code processInclusionProofMemory} computes. */
  public byte[] computeRoot() {
    NodeHasher hasher = new NodeHasher();
    byte[] node = leaf.clone();
    long pos = position;
    for (byte[] sibling : path) {
      if ((pos & 1) == 0) {
        hasher.hash(node, 0, sibling, 0, node, 0);
      } else {
        hasher.hash(sibling, 0, node, 0, node, 0);
      }
      pos >>>= 1;
    }
    return node;
  }

  /**
   * Whether this proves its leaf in the tree of {@code height} levels with {@code root}: the path
   * has {@code height} siblings, the position is inside the tree, and the path leads to the root.
   */
  public boolean verify(byte[] root, int height) {
    if (path.length != height || height < 63 && position >>> height != 0) {
      return false;
    }
    return MessageDigest.isEqual(computeRoot(), root);
  }

  /** Verifies against a piece: its root and height. */
  public boolean verify(PieceCid piece) {
    return verify(piece.root(), piece.height());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InclusionProof p
        && p.position == position
        && Arrays.equals(p.leaf, leaf)
        && Arrays.deepEquals(p.path, path);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(position) * 31 + Arrays.hashCode(leaf);
  }

  @Override
  public String toString() {
    return "InclusionProof[position="
        + position
        + ", leaf="
        + HexFormat.of().formatHex(leaf)
        + ", depth="
        + path.length
        + "]";
  }
}
