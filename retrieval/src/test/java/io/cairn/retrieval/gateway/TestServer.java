package io.cairn.retrieval.gateway;

import io.cairn.retrieval.GatewayListener;
import io.cairn.retrieval.GatewayOptions;
import io.cairn.retrieval.GatewayServer;
import io.cairn.storage.BlockStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A gateway on a free loopback port, and clients to talk to it. */
final class TestServer implements AutoCloseable {
  final GatewayServer server;
  final HttpClient client =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  TestServer(GatewayOptions options, BlockStore store, GatewayListener listener) {
    server =
        new GatewayServer(options.withBind(new InetSocketAddress("127.0.0.1", 0)), store, listener);
    server.start();
  }

  TestServer(GatewayOptions options, BlockStore store, io.cairn.retrieval.NameResolver names) {
    server =
        new GatewayServer(
            options.withBind(new InetSocketAddress("127.0.0.1", 0)),
            store,
            GatewayListener.NONE,
            names);
    server.start();
  }

  TestServer(BlockStore store) {
    this(GatewayOptions.defaults(), store, GatewayListener.NONE);
  }

  int port() {
    return server.boundAddress().getPort();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  HttpResponse<byte[]> get(String path, String... headers) {
    return send("GET", path, headers);
  }

  HttpResponse<byte[]> head(String path, String... headers) {
    return send("HEAD", path, headers);
  }

  HttpResponse<byte[]> send(String method, String path, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url(path)))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A response read off a raw socket. */
  record Raw(int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Sends raw request bytes and reads one response to the end (the request must close). */
  Raw raw(String request) {
    try (Socket s = new Socket("127.0.0.1", port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      return parse(s.getInputStream().readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A GET with a Host header (which java.net.http does not let callers set). */
  Raw getWithHost(String host, String path, String... headers) {
    StringBuilder r = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
    for (int i = 0; i < headers.length; i += 2) {
      r.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    r.append("Connection: close\r\n\r\n");
    return raw(r.toString());
  }

  static Raw parse(byte[] bytes) {
    String all = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    if (end < 0) {
      return new Raw(-1, Map.of(), bytes);
    }
    String[] lines = all.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).strip());
    }
    byte[] rest = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      rest = dechunk(rest);
    }
    return new Raw(status, headers, rest);
  }

  private static byte[] dechunk(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < in.length) {
      int lineEnd = indexOf(in, i);
      if (lineEnd < 0) {
        break;
      }
      int size =
          Integer.parseInt(new String(in, i, lineEnd - i, StandardCharsets.US_ASCII).strip(), 16);
      if (size == 0) {
        break;
      }
      out.write(in, lineEnd + 2, size);
      i = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  static byte[] readAll(InputStream in) throws IOException {
    return in.readAllBytes();
  }

  @Override
  public void close() {
    server.stop();
  }
}
