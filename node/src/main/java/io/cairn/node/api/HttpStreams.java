package io.cairn.node.api;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The pieces of HTTP/1.1 framing {@link RemoteApi} reads and writes itself. */
final class HttpStreams {
  private HttpStreams() {}

  static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        int n = sb.length();
        if (n > 0 && sb.charAt(n - 1) == '\r') {
          sb.setLength(n - 1);
        }
        return sb.toString();
      }
      sb.append((char) b);
      if (sb.length() > 64 * 1024) {
        throw new IOException("HTTP line too long");
      }
    }
    return sb.isEmpty() ? null : sb.toString();
  }

  static Map<String, String> readHeaders(InputStream in) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    String line;
    while ((line = readLine(in)) != null && !line.isEmpty()) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(
            line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).strip());
      }
    }
    return headers;
  }

  /** Writes HTTP chunked encoding; close ends it without closing the socket. */
  static final class ChunkedOutputStream extends OutputStream {
    private final OutputStream out;
    private final byte[] buf = new byte[64 * 1024];
    private int n;

    ChunkedOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      if (n == buf.length) {
        flushChunk();
      }
      buf[n++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (n == buf.length) {
          flushChunk();
        }
        int k = Math.min(len, buf.length - n);
        System.arraycopy(b, off, buf, n, k);
        n += k;
        off += k;
        len -= k;
      }
    }

    private void flushChunk() throws IOException {
      if (n > 0) {
        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(buf, 0, n);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        n = 0;
      }
    }

    @Override
    public void close() throws IOException {
      flushChunk();
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
  }

  /** Reads HTTP chunked encoding, collecting the trailers at its end. */
  static final class ChunkedInputStream extends InputStream {
    private final InputStream in;
    private final Map<String, String> trailers;
    private long left;
    private boolean done;

    ChunkedInputStream(InputStream in, Map<String, String> trailers) {
      this.in = in;
      this.trailers = trailers;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (left == 0) {
        String size = readLine(in);
        if (size == null) {
          throw new EOFException("the daemon closed the connection mid-response");
        }
        int semi = size.indexOf(';');
        left = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).strip(), 16);
        if (left == 0) {
          trailers.putAll(readHeaders(in));
          done = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new EOFException("the daemon closed the connection mid-response");
      }
      left -= n;
      if (left == 0) {
        readLine(in);
      }
      return n;
    }
  }

  static final class LimitedInputStream extends InputStream {
    private final InputStream in;
    private long left;

    LimitedInputStream(InputStream in, long length) {
      this.in = in;
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}
