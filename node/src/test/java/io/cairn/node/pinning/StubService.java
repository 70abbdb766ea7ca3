package io.cairn.node.pinning;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A "pinning service" that answers every request with one fixed status and body, or never answers:
 * for the cases a real service does not produce (junk JSON, a hang).
 */
public final class StubService implements AutoCloseable {
  private final HttpServer server;
  private final CountDownLatch released = new CountDownLatch(1);

  private StubService(int status, String body, boolean hang) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            if (hang) {
              released.await();
              return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.start();
  }

  /** Answers every request with {@code status} and {@code body}. */
  public static StubService answering(int status, String body) throws IOException {
    return new StubService(status, body, false);
  }

  /** Takes every request and never answers it. */
  public static StubService hanging() throws IOException {
    return new StubService(0, "", true);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
