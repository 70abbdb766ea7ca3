package io.cairn.node.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A bare HTTP/1.1 exchange for tests that look at the wire: the status, the headers, the body with
 * its chunked framing removed, and the trailers (which the JDK's client does not show).
 */
record RawHttp(int status, Map<String, String> headers, byte[] body, Map<String, String> trailers) {

  /** POSTs {@code target} with an optional body and reads the answer to the end. */
  static RawHttp post(InetSocketAddress api, String target, String contentType, byte[] body)
      throws IOException {
    try (Socket s = new Socket(api.getAddress(), api.getPort())) {
      OutputStream out = s.getOutputStream();
      StringBuilder head = new StringBuilder("POST " + target + " HTTP/1.1\r\n");
      head.append("Host: 127.0.0.1\r\nConnection: close\r\n");
      if (contentType != null) {
        head.append("Content-Type: ").append(contentType).append("\r\n");
      }
      head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n\r\n");
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return read(s.getInputStream());
    }
  }

  /** POSTs {@code /api/v0/<command>} (query included) to the daemon's API, without a body. */
  static RawHttp api(Daemon daemon, String command) throws IOException {
    return post(daemon.apiAddress(), "/api/v0/" + command, null, null);
  }

  /** POSTs {@code /api/v0/<command>} with one multipart file part {@code name} holding data. */
  static RawHttp apiUpload(Daemon daemon, String command, String name, byte[] data)
      throws IOException {
    return post(
        daemon.apiAddress(),
        "/api/v0/" + command,
        "multipart/form-data; boundary=" + RpcWireTest.BOUNDARY,
        RpcWireTest.multipart(name, data));
  }

  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Reads one answer from a connection that may carry more. */
  static RawHttp read(InputStream in) throws IOException {
    String status = line(in);
    Map<String, String> headers = fields(in);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    Map<String, String> trailers = new LinkedHashMap<>();
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      while (true) {
        int size = Integer.parseInt(line(in).split(";")[0].strip(), 16);
        if (size == 0) {
          trailers.putAll(fields(in));
          break;
        }
        body.write(in.readNBytes(size));
        line(in);
      }
    } else if (headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    } else {
      in.transferTo(body);
    }
    return new RawHttp(
        Integer.parseInt(status.split(" ")[1]), headers, body.toByteArray(), trailers);
  }

  private static Map<String, String> fields(InputStream in) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    for (String l = line(in); !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      m.put(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
    }
    return m;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the connection ended in the middle of a line: " + sb);
      }
      if (b != '\r') {
        sb.append((char) b);
      }
    }
    return sb.toString();
  }
}
