package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.daemon.Daemon;
import io.cairn.node.daemon.NetworkDaemons;
import io.cairn.retrieval.p2p.testing.TcpEcho;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code p2p listen|forward|ls|close|stream ls|stream close} between two daemons on 127.0.0.1: B
 * listens on {@code /x/echo} towards a TCP echo server, A forwards a local port to B. Kubo's
 * shapes, text and errors.
 */
@Tag("p2p")
class P2pTunnelCommandTest {
  @TempDir Path dir;

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  private static Cli enabled(Daemon d) {
    Cli cli = new Cli(d.paths().root(), Cli.Mode.IN_PROCESS);
    cli.ok("config", "--json", "Experimental.Libp2pStreamMounting", "true");
    return cli;
  }

  @Test
  void tunnelsEchoMegabytesForTwoClientsAndListThemAsKubo() throws Exception {
    try (ServerSocket echo = TcpEcho.start();
        Daemon a = NetworkDaemons.start(dir.resolve("a"));
        Daemon b = NetworkDaemons.start(dir.resolve("b"))) {
      Cli cliA = new Cli(a.paths().root(), Cli.Mode.IN_PROCESS);
      String target = "/ip4/127.0.0.1/tcp/" + echo.getLocalPort();
      // off by default: every p2p command says so
      assertThat(cliA.fails("p2p", "ls")).isEqualTo("libp2p stream mounting not enabled");
      assertThat(cliA.fails("p2p", "listen", "/x/echo", target))
          .isEqualTo("libp2p stream mounting not enabled");
      cliA = enabled(a);
      Cli cliB = enabled(b);
      String idB = NetworkDaemons.peerId(b);

      assertThat(cliB.fails("p2p", "listen", "/echo", target))
          .isEqualTo("protocol name must be within '/x/' namespace");
      assertThat(cliB.fails("p2p", "listen", "/x/echo", "/ip4/127.0.0.1/tcp/0"))
          .isEqualTo("port can not be 0");
      assertThat(cliB.fails("p2p", "listen", "/x/echo", "/ip4/127.0.0.1"))
          .isEqualTo("address does not contain tcp or udp protocol");
      assertThat(cliB.ok("p2p", "listen", "/x/echo", target).out()).isEmpty();
      assertThat(cliB.fails("p2p", "listen", "/x/echo", target))
          .isEqualTo("listener already registered");
      assertThat(cliB.ok("p2p", "listen", "--allow-custom-protocol", "/echo", target).out())
          .isEmpty();

      String dial = NetworkDaemons.dialAddress(b);
      assertThat(cliA.ok("p2p", "forward", "/x/echo", "/ip4/127.0.0.1/tcp/0", dial).out())
          .isEmpty();
      JsonNode ls = cliA.ok("--enc=json", "p2p", "ls").json().path("Listeners");
      assertThat(ls).hasSize(1);
      assertThat(ls.get(0).path("Protocol").asText()).isEqualTo("/x/echo");
      assertThat(ls.get(0).path("TargetAddress").asText()).isEqualTo("/p2p/" + idB);
      String listen = ls.get(0).path("ListenAddress").asText();
      assertThat(listen).startsWith("/ip4/127.0.0.1/tcp/").doesNotEndWith("/tcp/0");
      int port = Integer.parseInt(listen.substring(listen.lastIndexOf('/') + 1));
      assertThat(cliA.ok("p2p", "ls").out()).isEqualTo("/x/echo " + listen + " /p2p/" + idB + "\n");
      assertThat(cliB.ok("p2p", "ls", "-v").out())
          .isEqualTo(
              GoFormat.tabs(
                  List.of(
                      "Protocol\tListen Address\tTarget Address",
                      "/x/echo\t/p2p/" + idB + "\t" + target,
                      "/echo\t/p2p/" + idB + "\t" + target)))
          .startsWith("Protocol Listen Address ");

      byte[] one = new byte[5 * 1024 * 1024];
      byte[] two = new byte[3 * 1024 * 1024 + 5];
      new Random(7).nextBytes(one);
      new Random(8).nextBytes(two);
      try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
        Future<byte[]> first = clients.submit(() -> TcpEcho.roundTrip(port, one));
        Future<byte[]> second = clients.submit(() -> TcpEcho.roundTrip(port, two));
        assertThat(sha256(first.get(60, TimeUnit.SECONDS))).isEqualTo(sha256(one));
        assertThat(sha256(second.get(60, TimeUnit.SECONDS))).isEqualTo(sha256(two));
      }
      Cli finalA = cliA;
      await(
          () -> finalA.ok("--enc=json", "p2p", "stream", "ls").out().equals("{\"Streams\":null}\n"),
          "the tunnels to end");

      // an open connection is listed on both sides, and reset by stream close
      try (Socket open = new Socket(InetAddress.getLoopbackAddress(), port)) {
        open.getOutputStream().write("x".getBytes(StandardCharsets.US_ASCII));
        open.setSoTimeout(10_000);
        assertThat(open.getInputStream().read()).isEqualTo('x');
        await(() -> !finalA.ok("p2p", "stream", "ls").out().isEmpty(), "A's stream");
        JsonNode s = cliA.ok("--enc=json", "p2p", "stream", "ls").json().path("Streams").get(0);
        assertThat(s.path("Protocol").asText()).isEqualTo("/x/echo");
        assertThat(s.path("OriginAddress").asText())
            .isEqualTo("/ip4/127.0.0.1/tcp/" + open.getLocalPort());
        assertThat(s.path("TargetAddress").asText()).isEqualTo("/p2p/" + idB);
        String id = s.path("HandlerID").asText();
        assertThat(cliA.ok("p2p", "stream", "ls", "-v").out())
            .isEqualTo(
                GoFormat.tabs(
                    List.of(
                        "ID\tProtocol\tOrigin\tTarget",
                        id
                            + "\t/x/echo\t/ip4/127.0.0.1/tcp/"
                            + open.getLocalPort()
                            + "\t/p2p/"
                            + idB)));
        String inB = cliB.ok("p2p", "stream", "ls").out();
        assertThat(inB).contains("/x/echo /p2p/" + NetworkDaemons.peerId(a) + " " + target);

        assertThat(cliA.fails("p2p", "stream", "close")).isEqualTo("no id specified");
        assertThat(cliA.ok("p2p", "stream", "close", id).out()).isEmpty();
        assertThat(readToEnd(open.getInputStream())).isEmpty();
        await(() -> cliB.ok("p2p", "stream", "ls").out().isEmpty(), "B's stream to be reset");
      }

      assertThat(cliA.fails("p2p", "close")).isEqualTo("no matching options given");
      assertThat(cliA.fails("p2p", "close", "-a", "-p", "/x/echo"))
          .isEqualTo("can't combine --all with other matching options");
      assertThat(cliB.ok("p2p", "close", "-p", "/x/other").out()).isEqualTo("Closed 0 stream(s)\n");
      assertThat(cliB.ok("p2p", "close", "-t", target).out()).isEqualTo("Closed 2 stream(s)\n");
      assertThat(cliB.ok("--enc=json", "p2p", "ls").out()).isEqualTo("{\"Listeners\":null}\n");
      assertThat(cliA.ok("--enc=json", "p2p", "close", "-l", listen).out()).isEqualTo("1\n");
      assertThat(cliA.ok("p2p", "ls").out()).isEmpty();
    }
  }

  /** What is left to read; a reset connection counts as ended. */
  private static byte[] readToEnd(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException reset) {
      return new byte[0];
    }
  }

  @Test
  void reportPeerIdAndForegroundModeEndingWithClose() throws Exception {
    try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Daemon a = NetworkDaemons.start(dir.resolve("a"));
        Daemon b = NetworkDaemons.start(dir.resolve("b"))) {
      Cli cliA = enabled(a);
      Cli cliB = enabled(b);
      String targetAddress = "/ip4/127.0.0.1/tcp/" + target.getLocalPort();
      try (ExecutorService background = Executors.newVirtualThreadPerTaskExecutor()) {
        Future<Run> listening =
            background.submit(() -> cliB.run("p2p", "listen", "-f", "-r", "/x/id", targetAddress));
        await(() -> cliB.ok("p2p", "ls").out().contains("/x/id"), "the foreground listener");
        cliA.ok("swarm", "connect", NetworkDaemons.dialAddress(b));
        Future<Run> forwarding =
            background.submit(
                () ->
                    cliA.run(
                        "p2p",
                        "forward",
                        "-f",
                        "/x/id",
                        "/ip4/127.0.0.1/tcp/0",
                        "/p2p/" + NetworkDaemons.peerId(b)));
        await(() -> cliA.ok("p2p", "ls").out().contains("/x/id"), "the foreground forwarder");
        String listen =
            cliA.ok("--enc=json", "p2p", "ls").json().at("/Listeners/0/ListenAddress").asText();
        int port = Integer.parseInt(listen.substring(listen.lastIndexOf('/') + 1));
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
          client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
          target.setSoTimeout(10_000);
          try (Socket served = target.accept()) {
            served.setSoTimeout(10_000);
            String expected = NetworkDaemons.peerId(a) + "\nhello";
            assertThat(
                    new String(
                        served.getInputStream().readNBytes(expected.length()),
                        StandardCharsets.US_ASCII))
                .isEqualTo(expected);
          }
        }

        assertThat(cliB.ok("p2p", "close", "-p", "/x/id").out()).isEqualTo("Closed 1 stream(s)\n");
        Run listened = listening.get(15, TimeUnit.SECONDS);
        assertThat(listened.exit()).isZero();
        assertThat(listened.out())
            .isEqualTo(
                "Listening on /x/id, forwarding to "
                    + targetAddress
                    + ", waiting for interrupt...\n"
                    + "Received interrupt, removing listener for /x/id\n");
        assertThat(cliA.ok("p2p", "close", "-a").out()).isEqualTo("Closed 1 stream(s)\n");
        Run forwarded = forwarding.get(15, TimeUnit.SECONDS);
        assertThat(forwarded.out())
            .isEqualTo(
                "Forwarding /x/id to /ip4/127.0.0.1/tcp/0, waiting for interrupt...\n"
                    + "Received interrupt, removing forwarder for /x/id\n");
      }
    }
  }

  @Test
  void aForegroundListenerGoesWhenItsClientDisconnects() throws Exception {
    try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Daemon b = NetworkDaemons.start(dir.resolve("b"))) {
      Cli cliB = enabled(b);
      String query =
          "arg=/x/fg&arg=/ip4/127.0.0.1/tcp/" + target.getLocalPort() + "&foreground=true";
      try (Socket rpc = new Socket(InetAddress.getLoopbackAddress(), b.apiAddress().getPort())) {
        rpc.setSoTimeout(15_000);
        rpc.getOutputStream()
            .write(
                ("POST /api/v0/p2p/listen?"
                        + query
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        String head = readUntil(rpc.getInputStream(), "\"Protocol\":\"/x/fg\"");
        assertThat(head).startsWith("HTTP/1.1 200").contains("{\"Status\":\"active\"");
        assertThat(cliB.ok("p2p", "ls").out()).contains("/x/fg");
      }
      // the client went away (Ctrl-C): the listener is removed, as Kubo's foreground mode does
      await(() -> !cliB.ok("p2p", "ls").out().contains("/x/fg"), "the listener to go");
      assertThat(cliB.ok("p2p", "ls").out()).isEmpty();
    }
  }

  @Test
  void theDaemonsStopEndsAForegroundListener() throws Exception {
    try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Daemon b = NetworkDaemons.start(dir.resolve("b"));
      Future<Run> listening;
      try (ExecutorService background = Executors.newVirtualThreadPerTaskExecutor()) {
        Cli cliB = enabled(b);
        String targetAddress = "/ip4/127.0.0.1/tcp/" + target.getLocalPort();
        listening =
            background.submit(() -> cliB.run("p2p", "listen", "-f", "/x/stop", targetAddress));
        await(() -> cliB.ok("p2p", "ls").out().contains("/x/stop"), "the foreground listener");
        b.close();
        Run listened = listening.get(30, TimeUnit.SECONDS);
        assertThat(listened.out())
            .isEqualTo(
                "Listening on /x/stop, forwarding to "
                    + targetAddress
                    + ", waiting for interrupt...\n"
                    + "Received interrupt, removing listener for /x/stop\n");
        assertThat(listened.exit()).isZero();
      } finally {
        b.close();
      }
    }
  }

  /** Reads until {@code marker} has been read; what was read. */
  private static String readUntil(InputStream in, String marker) throws IOException {
    StringBuilder b = new StringBuilder();
    while (b.indexOf(marker) < 0) {
      int c = in.read();
      if (c < 0) {
        throw new AssertionError("the stream ended before " + marker + ": " + b);
      }
      b.append((char) c);
    }
    return b.toString();
  }
}
