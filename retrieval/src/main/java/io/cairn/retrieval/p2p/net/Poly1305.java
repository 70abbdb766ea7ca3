package io.cairn.retrieval.p2p.net;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Poly1305 (RFC 8439 section 2.5), for {@link NoiseCipher} on a JVM whose own Poly1305 is not
 * accelerated.
 *
 * <p>Why our own: on an x86 processor without AVX-512 the JDK's ChaCha20-Poly1305 computes Poly1305
 * in generic Java over five 26-bit limbs, about 600 MB/s here, and that was a third of all CPU time
 * in a Bitswap transfer; Bouncy Castle's reaches about 780 MB/s. This one holds the accumulator in
 * three limbs of 44, 44 and 42 bits, so each of the nine products per block is one 64x64-bit
 * multiplication ({@code Math.unsignedMultiplyHigh} for its top half) that is split at bit 44
 * before it is summed: no sum can overflow and no carry needs a comparison. It runs at about 1.1
 * GB/s on the same machine. There are no branches on secret data: carries are shifts and the final
 * choice between h and h - p is a mask.
 *
 * <p>Tested against the RFC's vectors and, on random and extreme inputs, against Bouncy Castle's
 * Poly1305 ({@code Poly1305Test}).
 */
final class Poly1305 {
  static final int KEY_LENGTH = 32;
  static final int TAG_LENGTH = 16;

  private static final VarHandle LE64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long M44 = (1L << 44) - 1;
  private static final long M42 = (1L << 42) - 1;

  /** The 2^128 bit of a full block, in the top limb (which starts at bit 88). */
  private static final long HIBIT = 1L << 40;

  private final byte[] tail = new byte[16];
  private long r0;
  private long r1;
  private long r2;
  // 20 r: a product's part at 2^132 = 4 * 2^130 comes back to the bottom times 4 * 5.
  private long s1;
  private long s2;
  private long h0;
  private long h1;
  private long h2;
  private long k0;
  private long k1;

  /** Starts a tag with the one-time key {@code key[off, off + 32)}: r, then s. */
  void init(byte[] key, int off) {
    long t0 = (long) LE64.get(key, off) & 0x0ffffffc0fffffffL;
    long t1 = (long) LE64.get(key, off + 8) & 0x0ffffffc0ffffffcL;
    r0 = t0 & M44;
    r1 = ((t0 >>> 44) | (t1 << 20)) & M44;
    r2 = (t1 >>> 24) & M42;
    s1 = r1 * 20;
    s2 = r2 * 20;
    k0 = (long) LE64.get(key, off + 16);
    k1 = (long) LE64.get(key, off + 24);
    h0 = 0;
    h1 = 0;
    h2 = 0;
  }

  /**
   * Adds {@code m[off, off + len)} zero-padded to a whole number of 16-byte blocks, as the AEAD
   * construction does with the associated data and the ciphertext (RFC 8439 section 2.8).
   */
  void padded(byte[] m, int off, int len) {
    add(m, off, len, false);
  }

  /** Adds the AEAD's last block: the two lengths, 64-bit little-endian. */
  void lengths(long adLength, long textLength) {
    LE64.set(tail, 0, adLength);
    LE64.set(tail, 8, textLength);
    blocks(tail, 0, 16, HIBIT);
  }

  /**
   * Adds the whole message {@code m[off, off + len)} as the plain MAC does: a last partial block
   * gets a 1 byte after it and no 2^128 bit. Only one call per tag.
   */
  void message(byte[] m, int off, int len) {
    add(m, off, len, true);
  }

  /**
   * The whole blocks, then a last partial one zero-padded, as the MAC ({@code mac}) or AEAD does.
   */
  private void add(byte[] m, int off, int len, boolean mac) {
    int whole = len & ~15;
    blocks(m, off, whole, HIBIT);
    if (whole < len) {
      Arrays.fill(tail, (byte) 0);
      System.arraycopy(m, off + whole, tail, 0, len - whole);
      if (mac) {
        tail[len - whole] = 1;
      }
      blocks(tail, 0, 16, mac ? 0 : HIBIT);
    }
  }

  /** The low 44 bits of {@code a * b}. */
  private static long lo(long a, long b) {
    return a * b & M44;
  }

  /** The bits of {@code a * b} from bit 44 up (the products here stay under 2^108). */
  private static long hi(long a, long b) {
    return (a * b >>> 44) | (Math.unsignedMultiplyHigh(a, b) << 20);
  }

  /** h = (h + block) * r mod 2^130 - 5, partly reduced, for each block of {@code m[off, +len)}. */
  private void blocks(byte[] m, int off, int len, long hibit) {
    long r0 = this.r0;
    long r1 = this.r1;
    long r2 = this.r2;
    long s1 = this.s1;
    long s2 = this.s2;
    long h0 = this.h0;
    long h1 = this.h1;
    long h2 = this.h2;
    for (int end = off + len; off < end; off += 16) {
      long m0 = (long) LE64.get(m, off);
      long m1 = (long) LE64.get(m, off + 8);
      h0 += m0 & M44;
      h1 += ((m0 >>> 44) | (m1 << 20)) & M44;
      h2 += (m1 >>> 24) | hibit;
      // d_i = sum of h_j * r_k at limb i (wrapped ones times 20), each product split at bit 44
      // into a low part l and a high part u that belongs one limb up.
      long l0 = lo(h0, r0) + lo(h1, s2) + lo(h2, s1);
      long u0 = hi(h0, r0) + hi(h1, s2) + hi(h2, s1);
      long l1 = lo(h0, r1) + lo(h1, r0) + lo(h2, s2);
      long u1 = hi(h0, r1) + hi(h1, r0) + hi(h2, s2);
      long l2 = lo(h0, r2) + lo(h1, r1) + lo(h2, r0);
      long u2 = hi(h0, r2) + hi(h1, r1) + hi(h2, r0);
      h0 = l0 & M44;
      l1 += (l0 >>> 44) + u0;
      h1 = l1 & M44;
      l2 += (l1 >>> 44) + u1;
      h2 = l2 & M42;
      // Bits from 2^130 up (the top limb holds 42 bits; u2 sits at 2^132) come back times 5.
      long c = (l2 >>> 42) + (u2 << 2);
      h0 += c * 5;
      h1 += h0 >>> 44;
      h0 &= M44;
    }
    this.h0 = h0;
    this.h1 = h1;
    this.h2 = h2;
  }

  /** Writes the tag, (h mod 2^130 - 5) + s mod 2^128, to {@code out[off, off + 16)}. */
  void tag(byte[] out, int off) {
    long h0 = this.h0;
    long h1 = this.h1;
    long h2 = this.h2;
    // Carry fully, twice round, so that each limb fits its width and h < 2^130.
    long c;
    for (int round = 0; round < 2; round++) {
      c = h1 >>> 44;
      h1 &= M44;
      h2 += c;
      c = h2 >>> 42;
      h2 &= M42;
      h0 += c * 5;
      c = h0 >>> 44;
      h0 &= M44;
      h1 += c;
    }
    // g = h + 5 - 2^130; h >= p exactly when g did not go negative.
    long g0 = h0 + 5;
    c = g0 >>> 44;
    g0 &= M44;
    long g1 = h1 + c;
    c = g1 >>> 44;
    g1 &= M44;
    long g2 = h2 + c - (1L << 42);
    long useG = (g2 >>> 63) - 1;
    h0 = (h0 & ~useG) | (g0 & useG);
    h1 = (h1 & ~useG) | (g1 & useG);
    h2 = (h2 & ~useG) | (g2 & useG);
    h0 += k0 & M44;
    c = h0 >>> 44;
    h0 &= M44;
    h1 += (((k0 >>> 44) | (k1 << 20)) & M44) + c;
    c = h1 >>> 44;
    h1 &= M44;
    h2 += (k1 >>> 24) + c;
    LE64.set(out, off, h0 | (h1 << 44));
    LE64.set(out, off + 8, (h1 >>> 20) | (h2 << 24));
  }
}
