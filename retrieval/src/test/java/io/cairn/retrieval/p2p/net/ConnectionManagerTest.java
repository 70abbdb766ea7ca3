package io.cairn.retrieval.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.retrieval.P2pMetrics;
import io.cairn.retrieval.P2pOptions;
import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.ProtocolBinding;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The connection manager's limits on real hosts. */
class ConnectionManagerTest {
  @Test
  void optionsRefuseNonPositiveLimits() {
    assertThatThrownBy(() -> P2pOptions.Limits.defaults().withMaxConnections(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("p2p limit maxConnections must be positive, not 0");
    assertThatThrownBy(() -> P2pOptions.Limits.defaults().withHandshakeTimeout(Duration.ZERO))
        .hasMessage("p2p limit handshakeTimeout must be a positive duration, not PT0S");
    assertThatThrownBy(
            () ->
                P2pOptions.listening(
                    java.util.List.of(io.cairn.storage.Multiaddr.parse("/dns/x.org/tcp/1"))))
        .hasMessageContaining("must be /ip4/<address>/tcp/<port>");
  }

  /** Options whose connections are closed after {@code idle} without a stream or frame. */
  private static P2pOptions idleAfter(Duration idle) {
    return P2pOptions.loopback().withLimits(P2pOptions.Limits.defaults().withIdleTimeout(idle));
  }

  @Test
  void idleConnectionsAreClosed() throws Exception {
    P2pOptions options = idleAfter(Duration.ofMillis(300));
    try (TestHosts hosts = TestHosts.start(2, options, n -> {})) {
      Connection c = hosts.connect(0, 1);
      for (int i = 0; i < 1000 && c.isOpen(); i++) {
        Thread.sleep(10);
      }
      assertThat(c.isOpen()).isFalse();
      long idle = hosts.get(0).metrics().drops("idle") + hosts.get(1).metrics().drops("idle");
      assertThat(idle).isPositive();
      // the peers reconnect on demand
      assertThat(hosts.get(0).ping(hosts.get(1).peerId()).get(10, TimeUnit.SECONDS)).isPositive();
    }
  }

  /** As libp2p's connection manager: a protected peer's idle connection stays open. */
  @Test
  void aProtectedPeersIdleConnectionStaysOpenUntilUnprotected() throws Exception {
    try (TestHosts hosts = TestHosts.start(2, idleAfter(Duration.ofMillis(300)), n -> {})) {
      PeerId zero = hosts.get(0).peerId();
      PeerId one = hosts.get(1).peerId();
      hosts.get(0).host().protect(one, "peering");
      hosts.get(0).host().protect(one, "other");
      hosts.get(1).host().protect(zero, "peering");
      Connection c = hosts.connect(0, 1);
      Thread.sleep(1500); // five idle timeouts
      assertThat(c.isOpen()).isTrue();

      assertThat(hosts.get(0).host().unprotect(one, "peering")).isTrue(); // still "other"
      assertThat(hosts.get(0).host().unprotect(one, "other")).isFalse();
      assertThat(hosts.get(1).host().unprotect(zero, "peering")).isFalse();
      for (int i = 0; i < 1000 && c.isOpen(); i++) {
        Thread.sleep(10);
      }
      assertThat(c.isOpen()).isFalse();
    }
  }

  @Test
  void aSecondDialReusesTheOpenConnection() throws Exception {
    try (TestHosts hosts = TestHosts.start(2, n -> {})) {
      Connection first = hosts.connect(0, 1);
      Connection second = hosts.connect(0, 1);
      assertThat(second).isSameAs(first);
      assertThat(hosts.get(0).host().connections()).hasSize(1);
      assertThat(hosts.get(0).metrics().connections()).isEqualTo(1);
      hosts.get(0).host().disconnect(hosts.get(1).peerId()).get(10, TimeUnit.SECONDS);
      for (int i = 0; i < 1000 && hosts.get(0).metrics().connections() > 0; i++) {
        Thread.sleep(10);
      }
      assertThat(hosts.get(0).host().connections()).isEmpty();
    }
  }

  private static P2pOptions.Limits limits(int pendingDials, long bufferedBytes) {
    P2pOptions.Limits l = P2pOptions.Limits.defaults();
    return new P2pOptions.Limits(
        l.maxConnections(),
        l.maxConnectionsPerPeer(),
        l.maxStreamsPerConnection(),
        pendingDials,
        bufferedBytes,
        l.idleTimeout(),
        Duration.ofSeconds(3),
        l.dialTimeout(),
        l.maxPendingWriteBytes(),
        l.streamCloseTimeout(),
        l.maxHandshaking(),
        l.maxHandshakingPerAddress());
  }

  @Test
  void dialsPastTheLimitFailAtOnce() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        TestHosts hosts =
            TestHosts.start(1, P2pOptions.loopback().withLimits(limits(1, 1 << 20)), n -> {})) {
      Multiaddr address = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + silent.getLocalPort());
      PeerId x = HostKey.fromSeed(TestHosts.seed(20)).peerId();
      PeerId y = HostKey.fromSeed(TestHosts.seed(21)).peerId();
      CompletableFuture<Connection> first = hosts.get(0).host().connect(x, List.of(address));
      CompletableFuture<Connection> second = hosts.get(0).host().connect(y, List.of(address));
      assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS))
          .hasMessageContaining("too many dials in progress (1)");
      assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
          .hasMessageContaining("did not finish the handshakes");
      assertThat(hosts.get(0).metrics().drops()).containsEntry("handshake-timeout", 1L);
    }
  }

  @Test
  void aPeerThatFillsTheBufferMemoryIsDropped() throws Exception {
    String sink = "/cairn/test/sink/1.0.0";
    ProtocolBinding unread =
        new ProtocolBinding() {
          @Override
          public List<String> protocolIds() {
            return List.of(sink);
          }

          @Override
          public void initStream(Stream stream) {
            stream.channel().config().setAutoRead(false); // nothing is read: all stays buffered
          }
        };
    P2pOptions options = P2pOptions.loopback().withLimits(limits(8, 300 * 1024));
    try (TestHosts hosts = TestHosts.start(2, options, n -> n.host().register(unread))) {
      hosts.connect(0, 1);
      for (int i = 0; i < 2; i++) { // each buffers its window less the one read it had
        Stream s =
            hosts
                .get(0)
                .host()
                .newStream(hosts.get(1).peerId(), List.of(sink))
                .get(10, TimeUnit.SECONDS);
        s.channel().writeAndFlush(Unpooled.wrappedBuffer(new byte[256 * 1024]));
      }
      P2pMetrics receiver = hosts.get(1).metrics();
      for (int i = 0; i < 1000 && receiver.drops("memory-limit") == 0; i++) {
        Thread.sleep(10);
      }
      assertThat(receiver.drops()).containsEntry("memory-limit", 1L);
      for (int i = 0; i < 1000 && hosts.get(1).bufferedBytes() > 0; i++) {
        Thread.sleep(10);
      }
      assertThat(hosts.get(1).bufferedBytes()).isZero();
    }
  }

  @Test
  void undialableAddressesAreNotTried() throws Exception {
    try (TestHosts hosts = TestHosts.start(1, n -> {})) {
      io.cairn.storage.PeerId other = HostKey.fromSeed(TestHosts.seed(9)).peerId();
      var addresses =
          java.util.List.of(
              io.cairn.storage.Multiaddr.parse("/ip4/0.0.0.0/tcp/4001"),
              io.cairn.storage.Multiaddr.parse("/ip4/127.0.0.1/tcp/0"),
              io.cairn.storage.Multiaddr.parse("/ip4/224.0.0.1/tcp/4001"));
      assertThatThrownBy(
              () -> hosts.get(0).host().connect(other, addresses).get(10, TimeUnit.SECONDS))
          .hasMessageContaining("no TCP address is known for peer " + other);
    }
  }
}
