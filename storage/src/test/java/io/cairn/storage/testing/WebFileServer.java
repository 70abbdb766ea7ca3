package io.cairn.storage.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on the loopback (the JDK's {@link HttpServer}) serving byte arrays as web
 * files: a {@code Range: bytes=A-B} request gets a {@code 206} with its {@code Content-Range}, as
 * file servers do, unless {@link #ignoreRanges} makes it answer every GET with the whole file and a
 * {@code 200}. {@code /loop/...} redirects to itself for ever; a path not served is a {@code 404}.
 */
public final class WebFileServer implements AutoCloseable {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

  private final HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile boolean ignoreRanges;

  private WebFileServer(HttpServer server) {
    this.server = server;
  }

  /** Starts a server on a free loopback port. */
  public static WebFileServer start() {
    try {
      HttpServer s =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      WebFileServer w = new WebFileServer(s);
      s.createContext("/", w::handle);
      s.start();
      return w;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Serves {@code bytes} at {@code path} (starting with a slash) and returns its URL. */
  public URI serve(String path, byte[] bytes) {
    files.put(path, bytes);
    return url(path);
  }

  /** Stops serving {@code path}: requests for it get a 404 from now on. */
  public void remove(String path) {
    files.remove(path);
  }

  /** The URL of {@code path} on this server. */
  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** Whether to answer a ranged request with the whole file and a 200, as some servers do. */
  public void ignoreRanges(boolean ignore) {
    this.ignoreRanges = ignore;
  }

  /** The requests answered so far. */
  public int requests() {
    return requests.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    try (ex) {
      String path = ex.getRequestURI().getPath();
      if (path.startsWith("/loop/")) {
        ex.getResponseHeaders().set("Location", path);
        ex.sendResponseHeaders(302, -1);
        return;
      }
      byte[] bytes = files.get(path);
      if (bytes == null) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      String range = ex.getRequestHeaders().getFirst("Range");
      Matcher m = range == null || ignoreRanges ? null : RANGE.matcher(range);
      if (m == null || !m.matches()) {
        send(ex, 200, bytes, 0, bytes.length);
        return;
      }
      long start = Long.parseLong(m.group(1));
      long end = m.group(2).isEmpty() ? bytes.length - 1 : Long.parseLong(m.group(2));
      if (start >= bytes.length) {
        ex.getResponseHeaders().set("Content-Range", "bytes */" + bytes.length);
        ex.sendResponseHeaders(416, -1);
        return;
      }
      end = Math.min(end, bytes.length - 1);
      ex.getResponseHeaders()
          .set("Content-Range", "bytes " + start + "-" + end + "/" + bytes.length);
      send(ex, 206, bytes, (int) start, (int) (end - start + 1));
    }
  }

  private static void send(HttpExchange ex, int status, byte[] bytes, int from, int length)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, length == 0 ? -1 : length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes, from, length);
    } catch (IOException e) {
      // The client went away before the end (it read only the span it needed).
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
