package io.cairn.retrieval.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.retrieval.P2pOptions;
import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.testing.TestHosts;
import java.time.Duration;
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

  @Test
  void idleConnectionsAreClosed() throws Exception {
    P2pOptions.Limits l = P2pOptions.Limits.defaults();
    P2pOptions options =
        P2pOptions.loopback()
            .withLimits(
                new P2pOptions.Limits(
                    l.maxConnections(),
                    l.maxConnectionsPerPeer(),
                    l.maxStreamsPerConnection(),
                    l.maxPendingDials(),
                    l.maxBufferedBytes(),
                    Duration.ofMillis(300),
                    l.handshakeTimeout(),
                    l.dialTimeout()));
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
}
