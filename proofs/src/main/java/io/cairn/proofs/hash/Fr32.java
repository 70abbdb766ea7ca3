package io.cairn.proofs.hash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Fr32 padding, as Filecoin's unsealed sectors and piece commitments use it: every 127 bytes of
 * payload (a "quad", 1016 bits) are read as a little-endian bit stream and cut into four 254-bit
 * groups, each stored in a 32-byte field whose two most significant bits are zero, so each field is
 * below the BLS12-381 scalar modulus. 127 bytes in, 128 bytes (four leaves) out.
 *
 * <p>Group {@code k} of a quad starts at bit {@code 254k}, that is at byte {@code 31k} with a shift
 * of {@code 0, 6, 4, 2} bits; each 64-bit word of the output is one unaligned little-endian read of
 * the input, shifted, with the spill from the next byte.
 */
public final class Fr32 {
  /** Payload bytes in a quad. */
  public static final int QUAD_PAYLOAD = 127;

  /** Fr32 bytes a quad expands to: four 32-byte leaves. */
  public static final int QUAD_PADDED = 128;

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOW_62 = 0x3FFF_FFFF_FFFF_FFFFL;

  private Fr32() {}

  /** Expands the quad {@code src[so, so+127)} into {@code dst[dOff, dOff+128)}. */
  public static void expandQuad(byte[] src, int so, byte[] dst, int dOff) {
    // Group 0: bits 0..253, byte aligned.
    put(dst, dOff, (long) LONG_LE.get(src, so));
    put(dst, dOff + 8, (long) LONG_LE.get(src, so + 8));
    put(dst, dOff + 16, (long) LONG_LE.get(src, so + 16));
    put(dst, dOff + 24, (long) LONG_LE.get(src, so + 24) & LOW_62);
    // Group 1: bits 254..507, from byte 31 shifted by 6.
    group(src, so + 31, 6, dst, dOff + 32);
    // Group 2: bits 508..761, from byte 63 shifted by 4.
    group(src, so + 63, 4, dst, dOff + 64);
    // Group 3: bits 762..1015, from byte 95 shifted by 2; its last word needs no spill byte (the
    // quad ends at byte 126 and the top two bits are cleared anyway).
    int s = so + 95;
    put(dst, dOff + 96, word(src, s, 2));
    put(dst, dOff + 104, word(src, s + 8, 2));
    put(dst, dOff + 112, word(src, s + 16, 2));
    put(dst, dOff + 120, ((long) LONG_LE.get(src, s + 24) >>> 2) & LOW_62);
  }

  /** Expands {@code quads} consecutive quads. */
  public static void expand(byte[] src, int so, int quads, byte[] dst, int dOff) {
    for (int q = 0; q < quads; q++) {
      expandQuad(src, so + q * QUAD_PAYLOAD, dst, dOff + q * QUAD_PADDED);
    }
  }

  /**
   * Expands a payload of any length into {@code quads} quads of Fr32 bytes, as if the payload were
   * followed by zeros up to {@code quads * 127} bytes.
   */
  public static void expandPadded(byte[] src, int so, int length, int quads, byte[] dst, int dOff) {
    int whole = Math.min(quads, length / QUAD_PAYLOAD);
    expand(src, so, whole, dst, dOff);
    if (whole == quads) {
      return;
    }
    int rest = length - whole * QUAD_PAYLOAD;
    int at = dOff + whole * QUAD_PADDED;
    if (rest > 0) {
      byte[] last = new byte[QUAD_PAYLOAD];
      System.arraycopy(src, so + whole * QUAD_PAYLOAD, last, 0, rest);
      expandQuad(last, 0, dst, at);
      at += QUAD_PADDED;
    }
    java.util.Arrays.fill(dst, at, dOff + quads * QUAD_PADDED, (byte) 0);
  }

  private static void group(byte[] src, int s, int shift, byte[] dst, int d) {
    put(dst, d, word(src, s, shift));
    put(dst, d + 8, word(src, s + 8, shift));
    put(dst, d + 16, word(src, s + 16, shift));
    put(dst, d + 24, word(src, s + 24, shift) & LOW_62);
  }

  /** 64 bits of the stream starting {@code shift} bits into byte {@code s}. */
  private static long word(byte[] src, int s, int shift) {
    return ((long) LONG_LE.get(src, s) >>> shift) | ((long) (src[s + 8] & 0xFF) << (64 - shift));
  }

  private static void put(byte[] dst, int d, long v) {
    LONG_LE.set(dst, d, v);
  }
}
