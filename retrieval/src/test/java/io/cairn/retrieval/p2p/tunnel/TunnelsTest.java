package io.cairn.retrieval.p2p.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.retrieval.p2p.testing.TcpEcho;
import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.Multiaddr;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two real hosts on 127.0.0.1: host 1 listens on {@code /x/echo} towards a TCP echo server, host 0
 * forwards a local port to it. Bytes go through whole, with half-close passed on both ways.
 */
@Tag("p2p")
class TunnelsTest {
  private static final String ECHO = "/x/echo";

  static Multiaddr tcp(int port) {
    return Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port);
  }

  private static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void megabytesGoThroughAndBackIntactForTwoClientsAtOnce() throws Exception {
    try (ServerSocket echo = TcpEcho.start();
        TestHosts hosts = TestHosts.start(2, n -> {});
        Tunnels a = new Tunnels(hosts.get(0).host());
        Tunnels b = new Tunnels(hosts.get(1).host())) {
      hosts.connect(0, 1);
      TunnelListener listener = b.listen(ECHO, tcp(echo.getLocalPort()), false);
      assertThat(listener.listenAddress().toString()).isEqualTo("/p2p/" + hosts.get(1).peerId());
      TunnelListener forward = a.forward(ECHO, tcp(0), hosts.get(1).peerId());
      int port = forward.listenAddress().port().orElseThrow();
      assertThat(port).isPositive();
      assertThat(forward.targetAddress().toString()).isEqualTo("/p2p/" + hosts.get(1).peerId());

      byte[] one = new byte[6 * 1024 * 1024];
      byte[] two = new byte[3 * 1024 * 1024 + 17];
      new Random(1).nextBytes(one);
      new Random(2).nextBytes(two);
      ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
      Future<byte[]> first = clients.submit(() -> TcpEcho.roundTrip(port, one));
      Future<byte[]> second = clients.submit(() -> TcpEcho.roundTrip(port, two));
      assertThat(sha256(first.get(60, TimeUnit.SECONDS))).isEqualTo(sha256(one));
      assertThat(sha256(second.get(60, TimeUnit.SECONDS))).isEqualTo(sha256(two));
      // both ends closed both ways: the tunnels are gone on both nodes
      await(() -> a.streams().isEmpty() && b.streams().isEmpty(), "the tunnels to end");
    }
  }

  @Test
  void reportPeerIdSendsTheDialersIdFirstAndStreamsAreListedOnBothSides() throws Exception {
    try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        TestHosts hosts = TestHosts.start(2, n -> {});
        Tunnels a = new Tunnels(hosts.get(0).host());
        Tunnels b = new Tunnels(hosts.get(1).host())) {
      hosts.connect(0, 1);
      b.listen(ECHO, tcp(target.getLocalPort()), true);
      int port = a.forward(ECHO, tcp(0), hosts.get(1).peerId()).listenAddress().port().getAsInt();
      try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
        client.getOutputStream().write("hi".getBytes(StandardCharsets.US_ASCII));
        target.setSoTimeout(10_000);
        try (Socket served = target.accept()) {
          served.setSoTimeout(10_000);
          String expected = hosts.get(0).peerId() + "\nhi";
          byte[] got = served.getInputStream().readNBytes(expected.length());
          assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo(expected);

          await(() -> a.streams().size() == 1 && b.streams().size() == 1, "both streams");
          TunnelStream out = a.streams().get(0);
          assertThat(out.id()).isZero();
          assertThat(out.protocol()).isEqualTo(ECHO);
          assertThat(out.origin().toString())
              .isEqualTo("/ip4/127.0.0.1/tcp/" + client.getLocalPort());
          assertThat(out.target().toString()).isEqualTo("/p2p/" + hosts.get(1).peerId());
          TunnelStream in = b.streams().get(0);
          assertThat(in.origin().toString()).isEqualTo("/p2p/" + hosts.get(0).peerId());
          assertThat(in.target()).isEqualTo(tcp(target.getLocalPort()));

          // a reset ends both TCP connections
          assertThat(b.reset(s -> true)).isEqualTo(1);
          assertThat(served.getInputStream().read()).isEqualTo(-1);
          client.setSoTimeout(10_000);
          assertThat(readToEnd(client.getInputStream())).isEmpty();
          await(() -> a.streams().isEmpty() && b.streams().isEmpty(), "the reset to reach A");
        }
      }
    }
  }

  /** What is left to read; a reset connection counts as ended. */
  private static byte[] readToEnd(InputStream in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      in.transferTo(out);
    } catch (IOException reset) {
      // a reset is an end too
    }
    return out.toByteArray();
  }

  @Test
  void listenersAreKeyedAsKubosAndClosingOneStopsNewConnections() throws Exception {
    try (ServerSocket echo = TcpEcho.start();
        TestHosts hosts = TestHosts.start(2, n -> {});
        Tunnels a = new Tunnels(hosts.get(0).host());
        Tunnels b = new Tunnels(hosts.get(1).host())) {
      hosts.connect(0, 1);
      b.listen(ECHO, tcp(echo.getLocalPort()), false);
      assertThatThrownBy(() -> b.listen(ECHO, tcp(echo.getLocalPort() + 1), false))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("listener already registered");
      assertThat(hosts.get(1).host().protocols()).contains(ECHO);
      assertThatThrownBy(
              () ->
                  b.listen(
                      "/x/udp",
                      Multiaddr.parse("/ip4/127.0.0.1/udp/" + echo.getLocalPort()),
                      false))
          .hasMessageContaining("only /ip4/<address>/tcp/<port>");

      TunnelListener forward = a.forward(ECHO, tcp(0), hosts.get(1).peerId());
      int port = forward.listenAddress().port().getAsInt();
      assertThatThrownBy(() -> a.forward(ECHO, tcp(port), hosts.get(1).peerId()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("listen tcp 127.0.0.1:" + port + ": ");
      assertThat(a.listeners()).containsExactly(forward);
      assertThat(TcpEcho.roundTrip(port, "ok".getBytes(StandardCharsets.US_ASCII)))
          .asString()
          .isEqualTo("ok");

      // the listening side closes: the protocol is gone, a new connection's stream is refused
      assertThat(b.close(l -> l.protocol().equals(ECHO))).isEqualTo(1);
      assertThat(hosts.get(1).host().protocols()).doesNotContain(ECHO);
      assertThat(TcpEcho.roundTrip(port, "no".getBytes(StandardCharsets.US_ASCII))).isEmpty();

      // the forwarding side closes: the port no longer accepts
      assertThat(forward.done().toCompletableFuture()).isNotDone();
      assertThat(a.close(l -> true)).isEqualTo(1);
      assertThat(forward.done().toCompletableFuture()).isDone();
      assertThat(a.listeners()).isEmpty();
      assertThatThrownBy(
              () -> {
                try (Socket s = new Socket()) {
                  s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                }
              })
          .isInstanceOf(IOException.class);
    }
  }
}
