package io.cairn.storage.unixfs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Content-defined chunks cut by a Rabin fingerprint over a 16-byte sliding window, as Kubo's {@code
 * rabin} chunker (boxo {@code chunker/rabin.go} over {@code whyrusleeping/chunker}) cuts them: a
 * chunk ends at the first byte, {@code min} bytes or more into it, after which the fingerprint's
 * low bits (as many as the power of two at or below {@code avg}) are all zero, or at {@code max}
 * bytes.
 *
 * <p>The fingerprint depends only on the window's 16 bytes, so hashing starts 16 bytes before the
 * minimum, where boxo also starts. The js-ipfs chunker ({@code rabin-wasm}) implements the same
 * algorithm with a different polynomial; the polynomial is a parameter so tests can check this code
 * against it.
 */
final class RabinChunker implements Chunker {
  /** The irreducible polynomial of degree 53 Kubo uses (boxo {@code chunk.IpfsRabinPoly}). */
  static final long KUBO_POLYNOMIAL = 17437180132763653L;

  private static final int WINDOW = 16;
  private static final int READ_SIZE = 512 * 1024;
  private static final ConcurrentHashMap<Long, long[][]> TABLES = new ConcurrentHashMap<>();

  private final InputStream in;
  private final long[] outTable;
  private final long[] modTable;
  private final int polShift;
  private final long mask;
  private final int min;
  private final int max;
  private final byte[] window = new byte[WINDOW];
  private byte[] buf;
  private int start;
  private int end;
  private boolean eof;

  RabinChunker(InputStream in, long polynomial, int min, int avg, int max) {
    if (min < WINDOW || min >= max || avg <= 0) {
      throw new IllegalArgumentException(
          "rabin bounds must satisfy 16 <= min < max, not " + min + "/" + avg + "/" + max);
    }
    this.in = in;
    long[][] tables = TABLES.computeIfAbsent(polynomial, RabinChunker::tables);
    this.outTable = tables[0];
    this.modTable = tables[1];
    this.polShift = degree(polynomial) - 8;
    this.mask = (1L << (31 - Integer.numberOfLeadingZeros(avg))) - 1;
    this.min = min;
    this.max = max;
    this.buf = new byte[max + READ_SIZE];
  }

  @Override
  public Chunk next() throws IOException {
    fill();
    int available = end - start;
    if (available == 0) {
      return null;
    }
    int length = cut(available);
    byte[] chunk = Arrays.copyOfRange(buf, start, start + length);
    start += length;
    return new Chunk(chunk, 0, length);
  }

  /** The length of the chunk at {@code start}, of the {@code available} bytes buffered. */
  private int cut(int available) {
    if (available < min) {
      return available; // only at the end of the stream
    }
    Arrays.fill(window, (byte) 0);
    long digest = 0;
    int wpos = 0;
    // boxo starts each chunk by sliding in a 1, which leaves the window before the minimum.
    digest ^= outTable[0];
    digest = ((digest << 8) | 1) ^ modTable[(int) (digest >>> polShift)];
    window[wpos] = 1;
    wpos = 1;
    int limit = Math.min(available, max);
    for (int k = min - WINDOW; k < limit; k++) {
      int b = buf[start + k] & 0xFF;
      digest ^= outTable[window[wpos] & 0xFF];
      window[wpos] = (byte) b;
      wpos = (wpos + 1) & (WINDOW - 1);
      digest = ((digest << 8) | b) ^ modTable[(int) (digest >>> polShift)];
      int length = k + 1;
      if (length >= min && ((digest & mask) == 0 || length >= max)) {
        return length;
      }
    }
    return limit; // the end of the stream came before a cut
  }

  /** Buffers at least {@code max} bytes past {@code start}, or every byte left. */
  private void fill() throws IOException {
    if (eof || end - start >= max) {
      return;
    }
    if (buf.length - start < max) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      start = 0;
    }
    while (end - start < max) {
      int n = in.read(buf, end, buf.length - end);
      if (n < 0) {
        eof = true;
        return;
      }
      end += n;
    }
  }

  private static long[][] tables(long polynomial) {
    long[] out = new long[256];
    long[] mod = new long[256];
    for (int b = 0; b < 256; b++) {
      long h = appendByte(0, b, polynomial);
      for (int i = 0; i < WINDOW - 1; i++) {
        h = appendByte(h, 0, polynomial);
      }
      out[b] = h;
    }
    int k = degree(polynomial);
    for (int b = 0; b < 256; b++) {
      long bk = (long) b << k;
      mod[b] = mod(bk, polynomial) | bk;
    }
    return new long[][] {out, mod};
  }

  private static long appendByte(long hash, int b, long polynomial) {
    return mod((hash << 8) | b, polynomial);
  }

  /** The remainder of {@code x} divided by {@code p} as polynomials over GF(2). */
  private static long mod(long x, long p) {
    int dp = degree(p);
    int shift;
    while ((shift = degree(x) - dp) >= 0) {
      x ^= p << shift;
    }
    return x;
  }

  private static int degree(long x) {
    return 63 - Long.numberOfLeadingZeros(x);
  }
}
