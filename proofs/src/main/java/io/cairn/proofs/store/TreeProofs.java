package io.cairn.proofs.store;

import io.cairn.proofs.HashBackend;
import io.cairn.proofs.InclusionProof;
import io.cairn.proofs.PieceCid;
import io.cairn.proofs.PieceSource;
import io.cairn.proofs.hash.NodeHasher;
import io.cairn.proofs.hash.SubtreeHasher;
import io.cairn.proofs.hash.UpperLayers;

/**
 * Builds inclusion proofs from a piece's upper layers and its payload: the 1024-leaf subtree under
 * the leaf is rebuilt from one read of its 32,512 payload bytes, the siblings above come from the
 * stored layers.
 */
final class TreeProofs {
  /** Nodes at or above level 10 of a piece tree. */
  interface Upper {
    byte[] node(int level, long index);
  }

  private TreeProofs() {}

  static InclusionProof prove(PieceCid piece, Upper upper, long leaf, PieceSource payload) {
    int height = piece.height();
    if (leaf < 0 || leaf >= piece.leaves()) {
      throw new IllegalArgumentException(
          "leaf " + leaf + " is outside piece " + piece + " of " + piece.leaves() + " leaves");
    }
    if (payload.size() != piece.payloadSize()) {
      throw new IllegalArgumentException(
          "payload of "
              + payload.size()
              + " bytes is not the payload of piece "
              + piece
              + " ("
              + piece.payloadSize()
              + " bytes)");
    }
    int levels = Math.min(height, UpperLayers.BASE);
    long unit = leaf >>> levels;
    long start = unit * HashBackend.UNIT_PAYLOAD;
    int length = (int) Math.max(0, Math.min(PieceCid.capacity(levels), payload.size() - start));
    byte[] bytes = new byte[length];
    int read = length == 0 ? 0 : payload.read(start, bytes, 0, length);
    if (read != length) {
      throw new IllegalStateException(
          "payload ended after " + (start + read) + " of " + payload.size() + " bytes");
    }
    byte[] all = new byte[NodeHasher.NODE * ((2 << levels) - 1)];
    new SubtreeHasher().levels(bytes, 0, length, levels, all);
    byte[][] path = new byte[height][];
    int inUnit = (int) (leaf & ((1L << levels) - 1));
    byte[] leafNode = node(all, 0, inUnit);
    int offset = 0;
    for (int level = 0; level < levels; level++) {
      int index = inUnit >>> level;
      path[level] = node(all, offset, index ^ 1);
      offset += NodeHasher.NODE << (levels - level);
    }
    for (int level = levels; level < height; level++) {
      path[level] = upper.node(level, (leaf >>> level) ^ 1);
    }
    return new InclusionProof(leaf, leafNode, path);
  }

  private static byte[] node(byte[] all, int levelOffset, int index) {
    byte[] out = new byte[NodeHasher.NODE];
    System.arraycopy(all, levelOffset + index * NodeHasher.NODE, out, 0, NodeHasher.NODE);
    return out;
  }
}
