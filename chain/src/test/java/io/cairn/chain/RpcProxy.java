package io.cairn.chain;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON-RPC endpoint on loopback in front of a real node, that answers some requests itself: a
 * public provider's limits, or a race made to happen at a chosen moment.
 */
final class RpcProxy implements AutoCloseable {
  /** Answers a request itself, or returns null to pass it on to the node. */
  interface Handler {
    String answer(String request, RpcProxy proxy) throws IOException;
  }

  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
  private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]+)\"");

  private final URI upstream;
  private final HttpClient http = HttpClient.newHttpClient();
  private final HttpServer server;

  private RpcProxy(URI upstream, Handler handler) throws IOException {
    this.upstream = upstream;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String request = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
          String answer = handler.answer(request, this);
          byte[] body = (answer == null ? forward(request) : answer).getBytes(UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  static RpcProxy start(URI upstream, Handler handler) throws IOException {
    return new RpcProxy(upstream, handler);
  }

  /**
   * A proxy to {@code upstream} that answers the JSON-RPC methods matching the regular expression
   * {@code failing} (at the time of each request) with the error "METHOD is down".
   */
  static RpcProxy failing(URI upstream, AtomicReference<String> failing) throws IOException {
    return start(
        upstream,
        (request, proxy) -> {
          Matcher m = METHOD.matcher(request);
          return m.find() && m.group(1).matches(failing.get())
              ? error(request, -32000, m.group(1) + " is down")
              : null;
        });
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** The node's answer to {@code request}. */
  String forward(String request) throws IOException {
    try {
      return http.send(
              HttpRequest.newBuilder(upstream)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(request))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** An answer to {@code request} with this result (JSON). */
  static String result(String request, String json) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id(request) + ",\"result\":" + json + "}";
  }

  /** An error answer to {@code request}. */
  static String error(String request, int code, String message) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id(request)
        + ",\"error\":{\"code\":"
        + code
        + ",\"message\":\""
        + message
        + "\"}}";
  }

  /** The JSON-RPC id of {@code request} (a request sent again has the same). */
  static String id(String request) {
    Matcher m = ID.matcher(request);
    if (!m.find()) {
      throw new IllegalArgumentException("no id in " + request);
    }
    return m.group(1);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
