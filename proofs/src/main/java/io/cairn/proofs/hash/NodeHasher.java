package io.cairn.proofs.hash;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Hashes pairs of 32-byte nodes into their parent with sha254: SHA-256 of the 64 bytes, with the
 * two most significant bits of the last byte cleared (the "trunc254" of the piece commitment).
 * Works in place on caller arrays through one reused {@link MessageDigest}, so hashing a node
 * allocates nothing and runs on the JDK's SHA-256 intrinsics. Not thread-safe: one per thread.
 */
public final class NodeHasher {
  /** Bytes in a node. */
  public static final int NODE = 32;

  private final MessageDigest sha;

  public NodeHasher() {
    try {
      this.sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Hashes the 64 bytes at {@code src[so]} into the node at {@code dst[dOff]}. */
  public void hash(byte[] src, int so, byte[] dst, int dOff) {
    sha.update(src, so, 2 * NODE);
    finish(dst, dOff);
  }

  /** Hashes the two nodes {@code left} and {@code right} into {@code dst[dOff]}. */
  public void hash(byte[] left, int lo, byte[] right, int ro, byte[] dst, int dOff) {
    sha.update(left, lo, NODE);
    sha.update(right, ro, NODE);
    finish(dst, dOff);
  }

  /** The parent of two nodes, as a new array. */
  public byte[] parent(byte[] left, byte[] right) {
    byte[] out = new byte[NODE];
    hash(left, 0, right, 0, out, 0);
    return out;
  }

  /**
   * Hashes {@code pairs} consecutive node pairs starting at {@code buf[srcOff]} into consecutive
   * nodes starting at {@code buf[dstOff]}; {@code dstOff <= srcOff} may overlap (each pair is read
   * before its parent is written, and parent {@code i} lands at or before pair {@code i}).
   */
  public void layer(byte[] buf, int srcOff, int dstOff, int pairs) {
    for (int i = 0; i < pairs; i++) {
      sha.update(buf, srcOff + 2 * NODE * i, 2 * NODE);
      finish(buf, dstOff + NODE * i);
    }
  }

  private void finish(byte[] dst, int dOff) {
    try {
      sha.digest(dst, dOff, NODE);
    } catch (DigestException e) {
      throw new IllegalStateException(e);
    }
    dst[dOff + NODE - 1] &= 0x3F;
  }
}
