package io.cairn.retrieval.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.retrieval.P2pHosts;
import io.cairn.retrieval.P2pNode;
import io.cairn.retrieval.P2pOptions;
import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.ProtocolBinding;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.retrieval.p2p.identify.Identify;
import io.cairn.retrieval.p2p.testing.StreamCollector;
import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.PeerId;
import io.cairn.storage.testing.TestData;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two real hosts on 127.0.0.1: Identify, Ping, and 10 MiB through an echo protocol both ways. */
class TwoHostsTest {
  private static final String ECHO = "/cairn/test/echo/1.0.0";

  @Test
  void identifyRecordsWhatEachHostAnnounces() throws Exception {
    try (TestHosts hosts = TestHosts.start(2, n -> n.host().register(TestHosts.echo(ECHO)))) {
      Connection c = hosts.connect(0, 1);
      Identify.Info info = hosts.get(0).identify(c).get(10, TimeUnit.SECONDS);
      assertThat(info.peer()).isEqualTo(hosts.get(1).peerId());
      assertThat(info.agentVersion()).startsWith("cairn/");
      assertThat(info.protocols()).contains(Identify.PROTOCOL_ID, "/ipfs/ping/1.0.0", ECHO);
      assertThat(info.listenAddresses()).isEqualTo(hosts.get(1).host().listenAddresses());
      assertThat(info.observedAddress()).contains(c.localAddress());
      var store0 = hosts.get(0).host().peerStore();
      assertThat(store0.protocols(hosts.get(1).peerId())).contains(ECHO);
      assertThat(store0.addresses(hosts.get(1).peerId()))
          .containsAll(hosts.get(1).host().listenAddresses());
      Connection back = hosts.get(1).host().connection(hosts.get(0).peerId()).orElseThrow();
      Identify.Info reverse = hosts.get(1).identify(back).get(10, TimeUnit.SECONDS);
      assertThat(reverse.peer()).isEqualTo(hosts.get(0).peerId());
      assertThat(hosts.get(1).host().peerStore().agentVersion(hosts.get(0).peerId()))
          .hasValueSatisfying(a -> assertThat(a).startsWith("cairn/"));
    }
  }

  /**
   * A binding that accepts no inbound streams (a DHT client's) works for streams this host opens,
   * is not announced, and is refused to a peer that proposes it.
   */
  @Test
  void anOutboundOnlyProtocolIsUsedButNeitherAnnouncedNorAccepted() throws Exception {
    String outboundOnly = "/cairn/test/outbound-only/1.0.0";
    try (TestHosts hosts =
        TestHosts.start(
            2,
            n -> {
              n.host().register(TestHosts.echo(ECHO));
              n.host()
                  .register(
                      new ProtocolBinding() {
                        private final ProtocolBinding echo = TestHosts.echo(outboundOnly);

                        @Override
                        public List<String> protocolIds() {
                          return echo.protocolIds();
                        }

                        @Override
                        public void initStream(Stream stream) {
                          echo.initStream(stream);
                        }

                        @Override
                        public boolean acceptsInbound() {
                          return false;
                        }
                      });
            })) {
      Connection c = hosts.connect(0, 1);
      assertThat(hosts.get(1).host().protocols()).contains(ECHO).doesNotContain(outboundOnly);
      Identify.Info info = hosts.get(0).identify(c).get(10, TimeUnit.SECONDS);
      assertThat(info.protocols()).contains(ECHO).doesNotContain(outboundOnly);
      assertThat(
              hosts
                  .get(0)
                  .host()
                  .newStream(hosts.get(1).peerId(), List.of(outboundOnly))
                  .handle((s, e) -> e)
                  .get(10, TimeUnit.SECONDS))
          .isNotNull();
      // the connection survives the refusal
      assertThat(
              hosts
                  .get(0)
                  .host()
                  .newStream(hosts.get(1).peerId(), List.of(ECHO))
                  .get(10, TimeUnit.SECONDS)
                  .protocol())
          .isEqualTo(ECHO);
    }
  }

  /**
   * A protocol registered after peers connected reaches them by Identify push, without a new
   * Identify round: the peer's store lists it, and keeps the addresses it had.
   */
  @Test
  void aProtocolRegisteredLateIsPushedToConnectedPeers() throws Exception {
    String late = "/cairn/test/late/1.0.0";
    try (TestHosts hosts = TestHosts.start(2, n -> {})) {
      Connection c = hosts.connect(0, 1);
      hosts.get(0).identify(c).get(10, TimeUnit.SECONDS);
      var store0 = hosts.get(0).host().peerStore();
      PeerId one = hosts.get(1).peerId();
      assertThat(store0.protocols(one)).contains(Identify.PUSH_PROTOCOL_ID).doesNotContain(late);
      var addresses = store0.addresses(one);
      // and host 1 must know host 0 takes pushes
      Connection back = hosts.get(1).host().connection(hosts.get(0).peerId()).orElseThrow();
      hosts.get(1).identify(back).get(10, TimeUnit.SECONDS);

      hosts.get(1).host().register(TestHosts.echo(late));
      assertThat(hosts.get(1).pushIdentify().get(10, TimeUnit.SECONDS)).isEqualTo(1);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!store0.protocols(one).contains(late) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(store0.protocols(one)).contains(late, Identify.PROTOCOL_ID);
      assertThat(store0.addresses(one)).containsAll(addresses);
    }
  }

  @Test
  void pingMeasuresARoundTripBothWays() throws Exception {
    try (TestHosts hosts = TestHosts.start(2, n -> {})) {
      hosts.connect(0, 1);
      Duration rtt = hosts.get(0).ping(hosts.get(1).peerId()).get(10, TimeUnit.SECONDS);
      assertThat(rtt).isPositive();
      Duration back = hosts.get(1).ping(hosts.get(0).peerId()).get(10, TimeUnit.SECONDS);
      assertThat(back).isPositive();
      assertThat(hosts.get(0).metrics().connections()).isEqualTo(1);
    }
  }

  @Test
  void tenMibEchoBothWays() throws Exception {
    byte[] data = TestData.bytes(7, 10 * 1024 * 1024);
    try (TestHosts hosts = TestHosts.start(2, n -> n.host().register(TestHosts.echo(ECHO)))) {
      hosts.connect(0, 1);
      for (int[] pair : new int[][] {{0, 1}, {1, 0}}) {
        P2pNode from = hosts.get(pair[0]);
        Stream s =
            from.host()
                .newStream(hosts.get(pair[1]).peerId(), List.of(ECHO))
                .get(10, TimeUnit.SECONDS);
        assertThat(s.protocol()).isEqualTo(ECHO);
        assertThat(s.connection().streamProtocols()).contains(ECHO);
        StreamCollector collector = new StreamCollector();
        s.channel().pipeline().addLast(collector);
        s.channel().writeAndFlush(Unpooled.wrappedBuffer(data));
        s.closeWrite();
        byte[] back = collector.result().get(60, TimeUnit.SECONDS);
        assertThat(back.length).isEqualTo(data.length);
        assertThat(back).isEqualTo(data);
      }
      assertThat(hosts.get(0).metrics().bytesOut()).isGreaterThan(2L * data.length);
      assertThat(hosts.get(0).bufferedBytes()).isZero();
    }
  }

  /**
   * Cairn hosts agree on TLS; a host with Noise only is still reached over Noise (the dialer's
   * second choice); hosts with nothing in common fail with the listener's refusal.
   */
  @Test
  void hostsPreferTlsAndFallBackToNoise() throws Exception {
    P2pOptions noiseOnly = P2pOptions.loopback().withSecurity(List.of(P2pOptions.Security.NOISE));
    P2pOptions tlsOnly = P2pOptions.loopback().withSecurity(List.of(P2pOptions.Security.TLS));
    try (TestHosts both = TestHosts.start(2, n -> {});
        P2pNode n = P2pHosts.start(noiseOnly, TestHosts.seed(5), PeerStores.memory());
        P2pNode t = P2pHosts.start(tlsOnly, TestHosts.seed(6), PeerStores.memory())) {
      Connection c = both.connect(0, 1);
      assertThat(c.security()).isEqualTo("/tls/1.0.0");
      // TLS 1.3: the dialer's handshake ends first, the listener's when it gets the dialer's
      // Finished
      assertThat(TestHosts.awaitConnection(both.get(1).host(), both.get(0).peerId()))
          .hasValueSatisfying(back -> assertThat(back.security()).isEqualTo("/tls/1.0.0"));
      assertThat(both.get(0).ping(both.get(1).peerId()).get(10, TimeUnit.SECONDS)).isPositive();

      Connection toNoise =
          both.get(0)
              .host()
              .connect(n.peerId(), n.host().listenAddresses())
              .get(10, TimeUnit.SECONDS);
      assertThat(toNoise.security()).isEqualTo("/noise");
      assertThat(both.get(0).ping(n.peerId()).get(10, TimeUnit.SECONDS)).isPositive();

      assertThatThrownBy(
              () ->
                  n.host()
                      .connect(t.peerId(), t.host().listenAddresses())
                      .get(10, TimeUnit.SECONDS))
          .hasMessageContaining("/noise");
    }
  }
}
