package io.cairn.storage.car;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A buffered stream that knows its position, so every error can say at which byte it happened, and
 * that can be capped at an absolute position (the end of a CARv2 data payload).
 */
final class CarInput implements AutoCloseable {
  private final InputStream in;
  private final byte[] buf = new byte[64 * 1024];
  private int bufPos;
  private int bufEnd;
  private long position;
  private long limit = Long.MAX_VALUE;

  CarInput(InputStream in) {
    this.in = in;
  }

  long position() {
    return position;
  }

  /** Reads beyond {@code absolute} see the end of the stream. */
  void limit(long absolute) {
    this.limit = absolute;
  }

  void unlimit() {
    this.limit = Long.MAX_VALUE;
  }

  long limit() {
    return limit;
  }

  /** The next byte, or -1 at the end (or the limit). */
  int read() {
    if (position >= limit || !fill()) {
      return -1;
    }
    position++;
    return buf[bufPos++] & 0xFF;
  }

  /** Reads up to {@code len} bytes; returns how many were read (fewer only at the end). */
  int readFully(byte[] dst, int off, int len) {
    int n = 0;
    while (n < len) {
      long allowed = Math.min(len - n, limit - position);
      if (allowed <= 0 || !fill()) {
        break;
      }
      int k = (int) Math.min(allowed, bufEnd - bufPos);
      System.arraycopy(buf, bufPos, dst, off + n, k);
      bufPos += k;
      position += k;
      n += k;
    }
    return n;
  }

  /** Skips {@code n} bytes; returns how many were skipped (fewer only at the end). */
  long skip(long n) {
    long done = 0;
    while (done < n) {
      long allowed = Math.min(n - done, limit - position);
      if (allowed <= 0 || !fill()) {
        break;
      }
      int k = (int) Math.min(allowed, bufEnd - bufPos);
      bufPos += k;
      position += k;
      done += k;
    }
    return done;
  }

  /**
   * Reads an unsigned varint (minimal, at most 9 bytes).
   *
   * @return the value, or -1 when the stream ends cleanly before its first byte
   * @throws InvalidCarException if it is truncated, overlong or not minimal
   */
  long varint(String what) {
    long start = position;
    long value = 0;
    for (int i = 0; i < 9; i++) {
      int b = read();
      if (b < 0) {
        if (i == 0) {
          return -1;
        }
        throw new InvalidCarException(
            "CAR is truncated inside the " + what + " varint at byte " + start);
      }
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new InvalidCarException(
              "the " + what + " varint at byte " + start + " is not minimally encoded");
        }
        return value;
      }
    }
    throw new InvalidCarException(
        "the " + what + " varint at byte " + start + " is longer than 9 bytes");
  }

  /** Exposes the rest of the stream (from the current position) as an InputStream. */
  InputStream rest() {
    return new InputStream() {
      @Override
      public int read() {
        return CarInput.this.read();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (len == 0) {
          return 0;
        }
        int n = readFully(b, off, len);
        return n == 0 ? -1 : n;
      }
    };
  }

  private boolean fill() {
    if (bufPos < bufEnd) {
      return true;
    }
    try {
      int n = in.read(buf, 0, buf.length);
      if (n <= 0) {
        return false;
      }
      bufPos = 0;
      bufEnd = n;
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CAR at byte " + position, e);
    }
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
