package io.cairn.node.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    Socket socket = new Socket();
    BodyUpload upload = null;
    try {
      socket.connect(address, CONNECT_TIMEOUT_MS);
      socket.setTcpNoDelay(true);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
      InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      boolean hasBody = request.body().hasNext();
      MultipartWriter multipart = new MultipartWriter();
      out.write(head(request, hasBody, multipart).getBytes(StandardCharsets.UTF_8));
      out.flush();
      if (hasBody) {
        upload = new BodyUpload(socket, out, multipart, request);
      }
      try {
        readResponse(in, sink);
      } catch (IOException | RuntimeException e) {
        // A file that could not be read cut the upload short: that is what went wrong, not the
        // truncated request the daemon then answered (or dropped).
        if (upload != null) {
          closeQuietly(socket);
          upload.throwSourceError();
        }
        throw e;
      }
      if (upload != null) {
        closeQuietly(socket);
        upload.throwSourceError();
      }
    } catch (java.net.ConnectException e) {
      throw new ApiException(
          ApiException.Kind.NORMAL,
          "cannot connect to the daemon at " + authority() + " (is it running?)",
          e);
    } catch (IOException e) {
      throw new ApiException(
          ApiException.Kind.NORMAL, "lost the connection to the daemon: " + Errors.message(e), e);
    } finally {
      // Closing first stops an upload the daemon no longer reads (it answered early).
      closeQuietly(socket);
      if (upload != null) {
        upload.join();
      }
    }
  }

  /** The daemon's host and port as a Host header names them: an IPv6 address in brackets. */
  String authority() {
    String host = address.getHostString();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  private String head(ApiRequest request, boolean hasBody, MultipartWriter multipart) {
    StringBuilder head = new StringBuilder("POST ").append(target(request)).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(authority()).append("\r\n");
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
    return head.append("\r\n").toString();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing left to do with it
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
    String status = HttpStreams.readLine(in);
    if (status == null || !status.startsWith("HTTP/1.")) {
      throw new IOException("the daemon sent no HTTP response");
    }
    int code = Integer.parseInt(status.split(" ")[1]);
    Map<String, String> headers = HttpStreams.readHeaders(in);
    boolean chunked = headers.getOrDefault("transfer-encoding", "").equalsIgnoreCase("chunked");
    long length = Long.parseLong(headers.getOrDefault("content-length", "-1"));
    Map<String, String> trailers = new LinkedHashMap<>();
    InputStream body =
        chunked
            ? new HttpStreams.ChunkedInputStream(in, trailers)
            : length >= 0 ? new HttpStreams.LimitedInputStream(in, length) : in;
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
      // Header lines are read a byte per char; the daemon writes the message in UTF-8.
      throw new ApiException(
          ApiException.Kind.NORMAL,
          new String(streamError.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
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
}
