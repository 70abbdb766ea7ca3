package io.cairn.storage.unixfs;

import java.io.InputStream;

/**
 * The DagModifier's write buffer (Go's {@code bytes.Buffer}): bytes are appended at the end and
 * read from the front.
 */
final class WriteBuffer {
  private byte[] buf = new byte[32 * 1024];
  private int start;
  private int end;

  int length() {
    return end - start;
  }

  void write(byte[] b, int off, int len) {
    if (end + len > buf.length) {
      int needed = length() + len;
      byte[] grown = needed <= buf.length ? buf : new byte[Math.max(needed, buf.length * 2)];
      System.arraycopy(buf, start, grown, 0, length());
      end = length();
      start = 0;
      buf = grown;
    }
    System.arraycopy(b, off, buf, end, len);
    end += len;
  }

  /** Moves up to {@code len} bytes from the front into {@code dst}; returns how many. */
  int read(byte[] dst, int off, int len) {
    int n = Math.min(len, length());
    System.arraycopy(buf, start, dst, off, n);
    start += n;
    return n;
  }

  void reset() {
    start = 0;
    end = 0;
  }

  /** The unread bytes as a stream that consumes them. */
  InputStream remaining() {
    return new InputStream() {
      @Override
      public int read() {
        return length() == 0 ? -1 : buf[start++] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (len == 0) {
          return 0;
        }
        return length() == 0 ? -1 : WriteBuffer.this.read(b, off, len);
      }
    };
  }
}
