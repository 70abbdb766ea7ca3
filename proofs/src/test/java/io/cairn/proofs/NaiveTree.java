package io.cairn.proofs;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately plain piece tree for checking the real one: byte-by-byte Fr32 as Go's
 * go-fil-commp-hashhash describes it, the payload zero-padded to the full tree, every level kept,
 * one fresh SHA-256 per node. Small payloads only.
 */
final class NaiveTree {
  final List<byte[][]> levels = new ArrayList<>();
  final int height;

  NaiveTree(byte[] payload) {
    long quads = Math.max(1, (payload.length + 126) / 127);
    long q = Long.highestOneBit(quads);
    if (q < quads) {
      q <<= 1;
    }
    byte[] padded = new byte[(int) (q * 127)];
    System.arraycopy(payload, 0, padded, 0, payload.length);
    byte[] fr32 = new byte[(int) (q * 128)];
    for (int j = 0; j < q; j++) {
      expand(padded, j * 127, fr32, j * 128);
    }
    byte[][] leaves = new byte[fr32.length / 32][];
    for (int i = 0; i < leaves.length; i++) {
      leaves[i] = java.util.Arrays.copyOfRange(fr32, 32 * i, 32 * i + 32);
    }
    levels.add(leaves);
    while (levels.get(levels.size() - 1).length > 1) {
      byte[][] below = levels.get(levels.size() - 1);
      byte[][] above = new byte[below.length / 2][];
      for (int i = 0; i < above.length; i++) {
        above[i] = hash(below[2 * i], below[2 * i + 1]);
      }
      levels.add(above);
    }
    height = levels.size() - 1;
  }

  byte[] root() {
    return levels.get(height)[0];
  }

  byte[][] path(long leaf) {
    byte[][] path = new byte[height][];
    for (int l = 0; l < height; l++) {
      path[l] = levels.get(l)[(int) ((leaf >>> l) ^ 1)];
    }
    return path;
  }

  static byte[] hash(byte[] a, byte[] b) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(a);
      md.update(b);
      byte[] out = md.digest();
      out[31] &= 0x3F;
      return out;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Fr32 of one quad, byte by byte: 31 bytes as-is, then three groups shifted by 2, 4, 6 bits. */
  static void expand(byte[] in, int i0, byte[] out, int o0) {
    for (int i = 0; i < 32; i++) {
      out[o0 + i] = in[i0 + i];
    }
    out[o0 + 31] &= 0x3F;
    for (int i = 32; i < 64; i++) {
      out[o0 + i] = (byte) ((in[i0 + i] & 0xFF) << 2 | (in[i0 + i - 1] & 0xFF) >>> 6);
    }
    out[o0 + 63] &= 0x3F;
    for (int i = 64; i < 96; i++) {
      out[o0 + i] = (byte) ((in[i0 + i] & 0xFF) << 4 | (in[i0 + i - 1] & 0xFF) >>> 4);
    }
    out[o0 + 95] &= 0x3F;
    for (int i = 96; i < 127; i++) {
      out[o0 + i] = (byte) ((in[i0 + i] & 0xFF) << 6 | (in[i0 + i - 1] & 0xFF) >>> 2);
    }
    out[o0 + 127] = (byte) ((in[i0 + 126] & 0xFF) >>> 2);
  }
}
