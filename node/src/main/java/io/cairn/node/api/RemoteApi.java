package io.cairn.node.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs commands on a daemon over its RPC API. A small blocking HTTP/1.1 client of its own, because
 * the API reports failures after output has begun in an {@code X-Stream-Error} trailer, which the
 * JDK's HTTP client cannot read. Request bodies (files for {@code add}) are sent chunked on a
 * second thread while the response is read, so progress events and uploads flow together.
 */
public final class RemoteApi implements Api {
  private static final int CONNECT_TIMEOUT_MS = 5000;

  private final InetSocketAddress address;
  private final String authorization;
  private final String userAgent;

  public RemoteApi(InetSocketAddress address, String authorization, String userAgent) {
    this.address = address;
    this.authorization = authorization;
    this.userAgent = userAgent;
  }

  public InetSocketAddress address() {
    return address;
  }

  @Override
  public boolean remote() {
    return true;
  }

  @Override
  public void close() {}

  @Override
  public void call(ApiRequest request, ResultSink sink) {
    try (Socket socket = new Socket()) {
      socket.connect(address, CONNECT_TIMEOUT_MS);
      socket.setTcpNoDelay(true);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
      InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      boolean hasBody = request.body().hasNext();
      MultipartWriter multipart = new MultipartWriter();
      StringBuilder head =
          new StringBuilder("POST ").append(target(request)).append(" HTTP/1.1\r\n");
      head.append("Host: ")
          .append(address.getHostString())
          .append(':')
          .append(address.getPort())
          .append("\r\n");
      head.append("User-Agent: ").append(userAgent).append("\r\n");
      head.append("Connection: close\r\n");
      if (authorization != null) {
        head.append("Authorization: ").append(authorization).append("\r\n");
      }
      if (hasBody) {
        head.append("Content-Type: ").append(multipart.contentType()).append("\r\n");
        head.append("Transfer-Encoding: chunked\r\n");
      } else {
        head.append("Content-Length: 0\r\n");
      }
      head.append("\r\n");
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      AtomicReference<Exception> uploadError = new AtomicReference<>();
      Thread uploader = null;
      if (hasBody) {
        uploader =
            Thread.ofPlatform()
                .daemon()
                .name("api-upload")
                .start(
                    () -> {
                      try (ChunkedOutputStream chunked = new ChunkedOutputStream(out)) {
                        multipart.write(request.body(), chunked);
                      } catch (Exception e) {
                        uploadError.set(e);
                        try {
                          socket.shutdownOutput();
                        } catch (IOException ignored) {
                          // the socket is closing anyway
                        }
                      }
                    });
      }
      try {
        readResponse(in, sink);
      } finally {
        if (uploader != null) {
          uploader.join(2000);
        }
      }
      if (uploadError.get() != null) {
        throw new ApiException(
            ApiException.Kind.NORMAL, Errors.message(uploadError.get()), uploadError.get());
      }
    } catch (java.net.ConnectException e) {
      throw new ApiException(
          ApiException.Kind.NORMAL,
          "cannot connect to the daemon at "
              + address.getHostString()
              + ":"
              + address.getPort()
              + " (is it running?)",
          e);
    } catch (IOException e) {
      throw new ApiException(
          ApiException.Kind.NORMAL, "lost the connection to the daemon: " + Errors.message(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(ApiException.Kind.NORMAL, "interrupted", e);
    }
  }

  private static String target(ApiRequest request) {
    StringBuilder sb = new StringBuilder("/api/v0/").append(request.path());
    String sep = "?";
    for (String a : request.arguments()) {
      sb.append(sep).append("arg=").append(URLEncoder.encode(a, StandardCharsets.UTF_8));
      sep = "&";
    }
    for (Map.Entry<String, List<String>> e : request.options().entrySet()) {
      for (String v : e.getValue()) {
        sb.append(sep)
            .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
            .append('=')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        sep = "&";
      }
    }
    return sb.toString();
  }

  private void readResponse(InputStream in, ResultSink sink) throws IOException {
    String status = readLine(in);
    if (status == null || !status.startsWith("HTTP/1.")) {
      throw new IOException("the daemon sent no HTTP response");
    }
    int code = Integer.parseInt(status.split(" ")[1]);
    Map<String, String> headers = readHeaders(in);
    boolean chunked = headers.getOrDefault("transfer-encoding", "").equalsIgnoreCase("chunked");
    long length = Long.parseLong(headers.getOrDefault("content-length", "-1"));
    Map<String, String> trailers = new LinkedHashMap<>();
    InputStream body =
        chunked
            ? new ChunkedInputStream(in, trailers)
            : length >= 0 ? new LimitedInputStream(in, length) : in;
    String contentType = headers.getOrDefault("content-type", "");
    if (code != 200) {
      byte[] text = body.readNBytes(1 << 20);
      throw errorOf(code, contentType, text);
    }
    if (headers.containsKey("x-stream-output") || !contentType.startsWith("application/json")) {
      long declared = Long.parseLong(headers.getOrDefault("x-content-length", "-1"));
      OutputStream out = sink.binary(declared);
      body.transferTo(out);
      out.flush();
    } else {
      try (JsonParser parser = Json.MAPPER.getFactory().createParser(body)) {
        while (parser.nextToken() != null) {
          if (parser.currentToken() == JsonToken.NOT_AVAILABLE) {
            break;
          }
          JsonNode value = Json.MAPPER.readTree(parser);
          if (value != null) {
            sink.value(value);
          }
        }
      }
    }
    body.transferTo(OutputStream.nullOutputStream());
    String streamError = trailers.get("x-stream-error");
    if (streamError != null && !streamError.isEmpty()) {
      throw new ApiException(ApiException.Kind.NORMAL, streamError);
    }
  }

  private static ApiException errorOf(int code, String contentType, byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (contentType.startsWith("application/json")) {
      try {
        JsonNode n = Json.MAPPER.readTree(body);
        if (n != null && n.has("Message")) {
          return new ApiException(
              ApiException.Kind.ofCode(n.path("Code").asInt(0)), n.get("Message").asText());
        }
      } catch (IOException e) {
        // fall through to the text
      }
    }
    return new ApiException(
        code == 400 ? ApiException.Kind.CLIENT : ApiException.Kind.NORMAL,
        text.isEmpty() ? "the daemon answered " + code : text);
  }

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
  private static final class ChunkedOutputStream extends OutputStream {
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
  private static final class ChunkedInputStream extends InputStream {
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

  private static final class LimitedInputStream extends InputStream {
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
