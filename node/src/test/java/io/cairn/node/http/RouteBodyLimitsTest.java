package io.cairn.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.ApiCommands;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Route bodies are gathered whole, so each is held to its route's limit (413, unread) and all of
 * them together to one budget the connections share (503 with {@code Retry-After}): what bodies
 * hold does not grow with the number of connections, and a refused request harms no other.
 */
class RouteBodyLimitsTest {
  private static final int MIB = 1 << 20;

  private ApiServer server;
  private final List<Socket> sockets = new ArrayList<>();

  /** Answers with the size of the body it got; a null {@code max} keeps the default limit. */
  private record Echo(String path, Integer max) implements HttpRoute {
    @Override
    public boolean matches(String p) {
      return p.equals(path);
    }

    @Override
    public HttpReply handle(HttpCall call) {
      if (path.equals("/broken")) {
        throw new AssertionError("the route broke");
      }
      return HttpReply.text(200, "got " + call.body().length);
    }

    @Override
    public int maxBody() {
      return max == null ? HttpRoute.super.maxBody() : max;
    }
  }

  private void start(long budget) {
    server =
        new ApiServer(
            new ApiServerOptions(new InetSocketAddress("127.0.0.1", 0), Map.of(), Map.of()),
            new ApiCommands(List.of()),
            null,
            List.of(new Echo("/small", null), new Echo("/big", MIB), new Echo("/broken", null)),
            RequestListener.NONE,
            budget,
            CommandBodies.DEFAULT_TOTAL);
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    server.stop();
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", server.boundAddress().getPort());
    s.setSoTimeout(10_000);
    sockets.add(s);
    return s;
  }

  private static void head(Socket s, String path, String framing) throws IOException {
    s.getOutputStream()
        .write(
            ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + framing + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
  }

  /** A whole request with a body of {@code size} bytes, answered on a new connection. */
  private Answer send(String path, int size) throws IOException {
    Socket s = connect();
    head(s, path, "Content-Length: " + size);
    s.getOutputStream().write(new byte[size]);
    return Answer.read(s.getInputStream());
  }

  @Test
  void aRouteThatThrowsAnErrorIsAnswered500AndTheServerGoesOn() throws IOException {
    start(RouteBodies.DEFAULT_TOTAL);
    Answer a = send("/broken", 10);
    assertThat(a.status()).isEqualTo(500);
    assertThat(a.body()).contains("the route broke");
    assertThat(send("/small", 10).body()).isEqualTo("got 10");
  }

  @Test
  void aDeclaredBodyOverTheLimitIsAnswered413BeforeItIsSent() throws IOException {
    start(RouteBodies.DEFAULT_TOTAL);
    Socket s = connect();
    head(s, "/small", "Content-Length: " + 2 * MIB);
    Answer a = Answer.read(s.getInputStream());
    assertThat(a.status()).isEqualTo(413);
    assertThat(a.headers().get("connection")).isEqualTo("close");
    assertThat(a.body())
        .contains("/small accepts at most " + HttpRoute.DEFAULT_MAX_BODY + " bytes")
        .contains(2 * MIB + " bytes were sent");
    assertThat(server.routeBodyBytes()).isZero();

    assertThat(send("/small", 1000).body()).isEqualTo("got 1000");
    assertThat(send("/big", MIB).body()).isEqualTo("got " + MIB);
  }

  @Test
  void aChunkedBodyOverTheLimitIsAnswered413AndItsRestDropped() throws IOException {
    start(RouteBodies.DEFAULT_TOTAL);
    Socket s = connect();
    head(s, "/small", "Transfer-Encoding: chunked");
    OutputStream out = s.getOutputStream();
    byte[] chunk = new byte[16 * 1024];
    for (int i = 0; i < 5; i++) {
      out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(chunk);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.flush();
    Answer a = Answer.read(s.getInputStream());
    assertThat(a.status()).isEqualTo(413);
    assertThat(a.body()).contains("accepts at most " + HttpRoute.DEFAULT_MAX_BODY + " bytes");
    // The rest of the body is read and dropped; the connection closes when it ends.
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    assertThat(s.getInputStream().read()).isEqualTo(-1);
    assertThat(server.routeBodyBytes()).isZero();
    assertThat(send("/small", 10).body()).isEqualTo("got 10");
  }

  @Test
  void bodiesOnManyConnectionsStayWithinTheSharedBudget() throws Exception {
    start(4L * MIB);
    List<Socket> held = new ArrayList<>();
    int refused = 0;
    for (int i = 0; i < 7; i++) {
      Socket s = connect();
      long before = server.routeBodyBytes();
      head(s, "/big", "Content-Length: " + MIB);
      s.getOutputStream().write(new byte[MIB / 2]);
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      waitFor(() -> server.routeBodyBytes() > before || available(in));
      if (server.routeBodyBytes() > before) {
        held.add(s);
        continue;
      }
      Answer a = Answer.read(in);
      assertThat(a.status()).isEqualTo(503);
      assertThat(a.headers().get("retry-after")).isEqualTo("1");
      assertThat(a.body()).contains("limit of " + 4 * MIB + " bytes of request bodies");
      refused++;
    }
    assertThat(held).hasSize(4);
    assertThat(refused).isEqualTo(3);
    assertThat(server.routeBodyBytes()).isEqualTo(4L * MIB);

    for (Socket s : held) {
      s.getOutputStream().write(new byte[MIB / 2]);
      Answer a = Answer.read(s.getInputStream());
      assertThat(a.status()).isEqualTo(200);
      assertThat(a.body()).isEqualTo("got " + MIB);
    }
    assertThat(server.routeBodyBytes()).isZero();
    assertThat(send("/big", MIB).body()).isEqualTo("got " + MIB);
  }

  private static boolean available(InputStream in) {
    try {
      return in.available() > 0;
    } catch (IOException e) {
      return true;
    }
  }

  private static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  /** One answer with a Content-Length body. */
  private record Answer(int status, Map<String, String> headers, String body) {
    static Answer read(InputStream in) throws IOException {
      String status = line(in);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String l = line(in); !l.isEmpty(); l = line(in)) {
        int colon = l.indexOf(':');
        headers.put(
            l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
      }
      byte[] body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
      return new Answer(
          Integer.parseInt(status.split(" ")[1]),
          headers,
          new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new IOException("the connection closed inside an answer");
        }
        b.write(c);
      }
      String s = b.toString(StandardCharsets.US_ASCII);
      return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
  }
}
