package io.cairn.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Unsigned varints as multiformats define them: little-endian base-128, at most 9 bytes (63 bits),
 * and minimally encoded. Decoding rejects overlong, non-minimal and truncated input.
 */
public final class Varint {
  /** The most bytes a multiformats varint may take. */
  public static final int MAX_BYTES = 9;

  private Varint() {}

  /** Number of bytes {@code value} takes when encoded. */
  public static int size(long value) {
    requireUnsigned(value);
    int n = 1;
    while ((value >>>= 7) != 0) {
      n++;
    }
    return n;
  }

  public static byte[] encode(long value) {
    byte[] out = new byte[size(value)];
    write(value, out, 0);
    return out;
  }

  /** Writes {@code value} at {@code offset} and returns the number of bytes written. */
  public static int write(long value, byte[] dst, int offset) {
    requireUnsigned(value);
    int i = offset;
    while ((value & ~0x7FL) != 0) {
      dst[i++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    dst[i++] = (byte) value;
    return i - offset;
  }

  public static void write(long value, ByteBuffer dst) {
    requireUnsigned(value);
    while ((value & ~0x7FL) != 0) {
      dst.put((byte) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    dst.put((byte) value);
  }

  public static void write(long value, OutputStream out) throws IOException {
    requireUnsigned(value);
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  /**
   * Reads a varint from {@code src}, advancing its position.
   *
   * @throws IllegalArgumentException if the varint is truncated, longer than 9 bytes or not minimal
   */
  public static long read(ByteBuffer src) {
    long value = 0;
    for (int i = 0; i < MAX_BYTES; i++) {
      if (!src.hasRemaining()) {
        throw new IllegalArgumentException("varint is truncated after " + i + " bytes");
      }
      int b = src.get() & 0xFF;
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new IllegalArgumentException("varint is not minimally encoded");
        }
        return value;
      }
    }
    throw new IllegalArgumentException("varint is longer than " + MAX_BYTES + " bytes");
  }

  /**
   * Reads a varint from a stream.
   *
   * @return the value, or -1 if the stream ended cleanly before the first byte
   * @throws EOFException if the stream ends inside the varint
   */
  public static long read(InputStream in) throws IOException {
    long value = 0;
    for (int i = 0; i < MAX_BYTES; i++) {
      int b = in.read();
      if (b < 0) {
        if (i == 0) {
          return -1;
        }
        throw new EOFException("varint is truncated after " + i + " bytes");
      }
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new IOException("varint is not minimally encoded");
        }
        return value;
      }
    }
    throw new IOException("varint is longer than " + MAX_BYTES + " bytes");
  }

  private static void requireUnsigned(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("varint value must not be negative: " + value);
    }
  }
}
