package io.cairn.node.http;

import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a command's result to its connection as Kubo's RPC server does: NDJSON values with {@code
 * X-Chunked-Output: 1}, or raw bytes with {@code X-Stream-Output: 1}; chunked, with an {@code
 * X-Stream-Error} trailer when the command fails after output began, and a JSON error body with
 * status 400 or 500 when it fails before. Called from the command's thread; waits while the
 * connection's outbound buffer is full, so a slow client slows the command instead of filling
 * memory. Once the last byte is written, it tells its connection on the event loop, which then
 * reads the next request: replies leave in request order.
 */
final class ChannelResponse implements ApiResponse {
  /** Told on the event loop once the response has been written to its end (or failed). */
  interface Sent {
    /**
     * @param closeAnnounced whether the response said {@code Connection: close}
     */
    void sent(boolean closeAnnounced);
  }

  static final String STREAM_ERROR = "X-Stream-Error";
  private static final String EXPOSED = "X-Stream-Output, X-Chunked-Output, X-Content-Length";
  private static final int CHUNK = 64 * 1024;

  private final Channel channel;
  private final Map<String, List<String>> extraHeaders;
  private final Sent sent;
  private final Object writable = new Object();
  private boolean headersSent;
  private boolean finished;
  private boolean closing;

  ChannelResponse(Channel channel, Map<String, List<String>> extraHeaders, Sent sent) {
    this.channel = channel;
    this.extraHeaders = extraHeaders;
    this.sent = sent;
  }

  /** Event loop: the channel's writability changed. */
  void writabilityChanged() {
    synchronized (writable) {
      writable.notifyAll();
    }
  }

  /**
   * Says {@code Connection: close} in the headers if they are not sent yet (the client asked to
   * close, or the request body was not read to its end); the connection closes after the response
   * only if the headers said so.
   */
  synchronized void announceClose() {
    if (!headersSent) {
      closing = true;
    }
  }

  @Override
  public synchronized void emit(Object value) {
    if (!headersSent) {
      sendHeaders("application/json", Map.of("X-Chunked-Output", "1"));
    }
    writeJson(value);
  }

  @Override
  public synchronized void startStream() {
    if (!headersSent) {
      sendHeaders("application/json", Map.of("X-Chunked-Output", "1"));
    }
  }

  @Override
  public synchronized void emitOnce(Object value) {
    if (!headersSent) {
      sendHeaders("application/json", Map.of());
    }
    writeJson(value);
  }

  private void writeJson(Object value) {
    byte[] json;
    try {
      json = Json.MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteBuf buf = Unpooled.buffer(json.length + 1).writeBytes(json).writeByte('\n');
    write(new DefaultHttpContent(buf));
  }

  @Override
  public OutputStream output(long length) {
    return output(length, "text/plain");
  }

  @Override
  public synchronized OutputStream output(long length, String contentType) {
    if (!headersSent) {
      Map<String, String> h = new LinkedHashMap<>();
      h.put("X-Stream-Output", "1");
      if (length >= 0) {
        h.put("X-Content-Length", Long.toString(length));
      }
      sendHeaders(contentType, h);
    }
    return new OutputStream() {
      private final byte[] buf = new byte[CHUNK];
      private int n;

      @Override
      public void write(int b) throws IOException {
        if (n == buf.length) {
          flush();
        }
        buf[n++] = (byte) b;
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (len >= CHUNK) {
          flush();
          sendChunk(Unpooled.copiedBuffer(b, off, len));
          return;
        }
        if (n + len > buf.length) {
          flush();
        }
        System.arraycopy(b, off, buf, n, len);
        n += len;
      }

      @Override
      public void flush() throws IOException {
        if (n > 0) {
          sendChunk(Unpooled.copiedBuffer(buf, 0, n));
          n = 0;
        }
      }

      @Override
      public void close() throws IOException {
        flush();
      }

      private void sendChunk(ByteBuf chunk) throws IOException {
        try {
          ChannelResponse.this.write(new DefaultHttpContent(chunk));
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
      }
    };
  }

  /** Ends the response: successfully when {@code error} is null. */
  synchronized void finish(Throwable error, String message, ApiException.Kind kind) {
    if (finished) {
      return;
    }
    finished = true;
    if (!headersSent) {
      if (error == null) {
        sendHeaders("application/json", Map.of("X-Chunked-Output", "1"));
      } else {
        sendError(message, kind);
        return;
      }
    }
    LastHttpContent last = new DefaultLastHttpContent();
    if (error != null) {
      last.trailingHeaders().set(STREAM_ERROR, trailerValue(message));
    }
    tellWhenSent(channel.writeAndFlush(last));
  }

  /**
   * An error message as a trailer value: control characters (a file name may hold a CR or LF) as
   * spaces, since a header value cannot carry them, and the rest as UTF-8 bytes, as Go's server
   * writes it for Kubo.
   */
  private static AsciiString trailerValue(String message) {
    StringBuilder b = new StringBuilder(message.length());
    message.codePoints().forEach(c -> b.appendCodePoint(c < 0x20 || c == 0x7F ? ' ' : c));
    return new AsciiString(b.toString().getBytes(StandardCharsets.UTF_8), false);
  }

  private void sendError(String message, ApiException.Kind kind) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Message", message);
    body.put("Code", kind.code());
    body.put("Type", "error");
    byte[] json;
    try {
      json = Json.MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HttpResponseStatus status =
        kind == ApiException.Kind.CLIENT
            ? HttpResponseStatus.BAD_REQUEST
            : HttpResponseStatus.INTERNAL_SERVER_ERROR;
    io.netty.handler.codec.http.FullHttpResponse r =
        new io.netty.handler.codec.http.DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(json, new byte[] {'\n'}));
    extraHeaders.forEach((k, v) -> r.headers().set(k, v));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, json.length + 1);
    if (closing) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    headersSent = true;
    tellWhenSent(channel.writeAndFlush(r));
  }

  private void tellWhenSent(ChannelFuture written) {
    boolean close = closing;
    written.addListener(f -> sent.sent(close));
  }

  private void sendHeaders(String contentType, Map<String, String> more) {
    HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    extraHeaders.forEach((k, v) -> r.headers().set(k, v));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    more.forEach((k, v) -> r.headers().set(k, v));
    r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    r.headers().set(HttpHeaderNames.TRAILER, STREAM_ERROR);
    r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, EXPOSED);
    r.headers().set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
    if (closing) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    headersSent = true;
    write(r);
  }

  private void write(Object msg) {
    awaitWritable();
    channel.writeAndFlush(msg);
  }

  private void awaitWritable() {
    synchronized (writable) {
      while (channel.isActive() && !channel.isWritable()) {
        try {
          writable.wait(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UncheckedIOException(new IOException("interrupted while sending the response"));
        }
      }
    }
    if (!channel.isActive()) {
      throw new UncheckedIOException(new IOException("the client closed the connection"));
    }
  }
}
