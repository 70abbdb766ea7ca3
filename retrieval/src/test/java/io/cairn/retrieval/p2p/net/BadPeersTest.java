package io.cairn.retrieval.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.PeerId;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A raw socket plays a peer that breaks the rules against host 0: the connection is dropped, the
 * reason counted, and host 0 keeps serving host 1.
 */
class BadPeersTest {
  private VictimHost h;

  @BeforeEach
  void start() {
    h = VictimHost.start();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void garbageBeforeMultistream() throws Exception {
    h.hosts.connect(1, 0);
    try (RawPeer p = h.raw()) {
      p.send("GET / HTTP/1.1\r\nHost: cairn\r\n\r\n".repeat(4).getBytes(StandardCharsets.US_ASCII));
      assertThat(p.closedByPeer()).isTrue();
    }
    h.assertDroppedFor("multistream");
  }

  @Test
  void garbageInsideMultistream() throws Exception {
    h.hosts.connect(1, 0);
    try (RawPeer p = h.raw()) {
      p.send(Multistream.encode(ByteBufAllocator.DEFAULT, Multistream.HEADER));
      p.send(new byte[] {5, 0x01, 0x02, 0x03, 0x04, '\n'});
      assertThat(p.closedByPeer()).isTrue();
    }
    h.assertDroppedFor("multistream");
  }

  @Test
  void oversizedNoiseFrame() throws Exception {
    h.hosts.connect(1, 0);
    try (RawPeer p = h.raw()) {
      p.negotiate(ConnectionSetup.NOISE);
      p.send(Unpooled.buffer().writeShort(65535).writeBytes(new byte[1000]));
      assertThat(p.closedByPeer()).isTrue();
    }
    h.assertDroppedFor("noise-frame");
  }

  @Test
  void truncatedNoiseFrame() throws Exception {
    h.hosts.connect(1, 0);
    try (RawPeer p = h.raw()) {
      p.negotiate(ConnectionSetup.NOISE);
      p.send(Unpooled.buffer().writeShort(32).writeBytes(new byte[10]));
    }
    h.assertDroppedFor("noise-frame");
  }

  @Test
  void badHandshakeSignature() throws Exception {
    h.hosts.connect(1, 0);
    try (RawPeer p = h.raw()) {
      p.negotiate(ConnectionSetup.NOISE);
      p.handshake(HostKey.impostor(TestHosts.seed(7), TestHosts.seed(1)));
      assertThat(p.closedByPeer()).isTrue();
    }
    h.assertDroppedFor("noise-handshake");
  }

  /**
   * A length of -11 (a 10-byte varint with the sign bit set) in the handshake payload, which no
   * signature guards: it once moved the protobuf reader back to the same field, on the event loop.
   */
  @Test
  void handshakePayloadWithANegativeLength() throws Exception {
    h.hosts.connect(1, 0);
    byte[] payload = {
      0x2A, (byte) 0xF5, -1, -1, -1, -1, -1, -1, -1, -1, 0x01,
    };
    try (RawPeer p = h.raw()) {
      p.negotiate(ConnectionSetup.NOISE);
      p.handshakeWithPayload(HostKey.fromSeed(TestHosts.seed(7)), payload);
      assertThat(p.closedByPeer()).isTrue();
    }
    h.assertDroppedFor("noise-handshake");
  }

  @Test
  void peerIdMismatchIsRefusedByTheDialer() throws Exception {
    PeerId someoneElse = HostKey.fromSeed(TestHosts.seed(5)).peerId();
    assertThatThrownBy(
            () ->
                h.hosts
                    .get(1)
                    .host()
                    .connect(someoneElse, h.victim.host().listenAddresses())
                    .get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining(
            "was dialed as peer " + someoneElse + " but proved to be " + h.victim.peerId());
    assertThat(h.hosts.get(1).metrics().drops()).containsEntry("peer-id-mismatch", 1L);
    h.hosts.connect(1, 0);
    assertThat(h.hosts.get(1).ping(h.victim.peerId()).get(10, TimeUnit.SECONDS)).isPositive();
  }

  @Test
  void yamuxWindowViolation() throws Exception {
    overrunWindowAfter(p -> p.upgrade(HostKey.fromSeed(TestHosts.seed(6))));
  }

  @Test
  void yamuxWindowViolationRightAfterAnInlinedMuxerChoice() throws Exception {
    // The handshake chose Yamux, so the first frame after it is read as Yamux, not multistream.
    overrunWindowAfter(p -> p.upgradeInline(HostKey.fromSeed(TestHosts.seed(6))));
  }

  private interface Upgrade {
    void to(RawPeer p) throws IOException;
  }

  /** A Data frame over any window, sent once {@code upgrade} has opened a Yamux session. */
  private void overrunWindowAfter(Upgrade upgrade) throws Exception {
    h.hosts.connect(1, 0);
    try (RawPeer p = h.raw()) {
      upgrade.to(p);
      p.sendEncrypted(
          YamuxFrame.header(
              ByteBufAllocator.DEFAULT,
              YamuxFrame.DATA,
              YamuxFrame.SYN,
              1,
              YamuxStream.MAX_RECEIVE_WINDOW + 1));
      assertThat(p.closedByPeer()).isTrue();
    }
    h.assertDroppedFor("yamux-window");
  }

  @Test
  void muxerListsWithNothingInCommon() throws Exception {
    h.hosts.connect(1, 0);
    try (RawPeer p = h.raw()) {
      p.negotiate(ConnectionSetup.NOISE);
      p.handshake(HostKey.fromSeed(TestHosts.seed(6)), List.of("/mplex/6.7.0"), true);
      assertThat(p.closedByPeer()).isTrue();
    }
    h.assertDroppedFor("noise-handshake");
  }

  @Test
  void streamFlood() throws Exception {
    var frames = Unpooled.buffer();
    for (int i = 0; i < 4 + YamuxSession.MAX_REFUSED_STREAMS + 1; i++) {
      frames.writeBytes(VictimHost.header(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 1 + 2 * i, 0));
    }
    h.droppedForFramesAfterUpgrade(frames, "stream-flood");
  }

  @Test
  void silentConnectionTimesOutInTheHandshake() throws Exception {
    h.hosts.connect(1, 0);
    try (RawPeer p = h.raw()) {
      assertThat(p.closedByPeer()).isTrue();
    }
    h.assertDroppedFor("handshake-timeout");
  }

  @Test
  void connectionsPastTheLimitAreClosedAtOnce() throws Exception {
    h.hosts.connect(1, 0);
    List<RawPeer> open = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 7; i++) { // with host 1's connection, 8: the limit
        open.add(h.raw());
      }
      try (RawPeer extra = h.raw()) {
        assertThat(extra.closedByPeer()).isTrue();
      }
      assertThat(h.victim.metrics().drops()).containsEntry("connection-limit", 1L);
    } finally {
      for (RawPeer p : open) {
        p.close();
      }
    }
  }

  /** A raw TLS client with {@code certificate} is refused in or right after the handshake. */
  private void tlsRefused(TlsCertificate certificate, String... alpn) throws Exception {
    h.hosts.connect(1, 0);
    try (RawPeer p = h.raw()) {
      p.negotiate(ConnectionSetup.TLS);
      try {
        javax.net.ssl.SSLSocket ssl =
            p.tls(new TlsSecurity(certificate, List.of(ConnectionSetup.YAMUX)), alpn);
        // TLS 1.3: the client's handshake ends before the listener checked its certificate
        assertThat(RawPeer.closedByPeer(ssl)).isTrue();
      } catch (javax.net.ssl.SSLException e) {
        // refused within the handshake
      }
    }
    h.assertDroppedFor("tls-handshake");
  }

  @Test
  void garbageAfterTlsWasAgreed() throws Exception {
    h.hosts.connect(1, 0);
    try (RawPeer p = h.raw()) {
      p.negotiate(ConnectionSetup.TLS);
      p.send("GET / HTTP/1.1\r\nHost: cairn\r\n\r\n".repeat(4).getBytes(StandardCharsets.US_ASCII));
      assertThat(p.closedByPeer()).isTrue();
    }
    h.assertDroppedFor("tls-handshake");
  }

  /**
   * A TLS record longer than TLS allows (16 KiB and 256 bytes): refused once it arrived (a record
   * is taken whole before it is read, so at most 64 KiB are held; a peer that sends less waits for
   * the handshake timeout).
   */
  @Test
  void oversizedTlsRecord() throws Exception {
    h.hosts.connect(1, 0);
    try (RawPeer p = h.raw()) {
      p.negotiate(ConnectionSetup.TLS);
      // a handshake record (22) of TLS 1.0's legacy version, 20,000 bytes long
      p.send(
          Unpooled.buffer().writeByte(22).writeShort(0x0301).writeShort(20_000).writeZero(20_000));
      assertThat(p.closedByPeer()).isTrue();
    }
    h.assertDroppedFor("tls-handshake");
  }

  @Test
  void silentAfterTlsWasAgreedTimesOut() throws Exception {
    h.hosts.connect(1, 0);
    try (RawPeer p = h.raw()) {
      p.negotiate(ConnectionSetup.TLS);
      assertThat(p.closedByPeer()).isTrue();
    }
    h.assertDroppedFor("handshake-timeout");
  }

  @Test
  void tlsCertificateOfAnImpostor() throws Exception {
    tlsRefused(
        TlsCertificate.create(HostKey.impostor(TestHosts.seed(7), TestHosts.seed(1))),
        ConnectionSetup.YAMUX,
        TlsSecurity.ALPN_LIBP2P);
  }

  @Test
  void tlsCertificateWithoutTheLibp2pExtension() throws Exception {
    Instant now = Instant.now();
    tlsRefused(
        TlsCertificate.create(
            HostKey.fromSeed(TestHosts.seed(7)),
            now.minusSeconds(60),
            now.plusSeconds(60),
            false,
            null),
        TlsSecurity.ALPN_LIBP2P);
  }

  @Test
  void expiredTlsCertificate() throws Exception {
    Instant now = Instant.now();
    tlsRefused(
        TlsCertificate.create(
            HostKey.fromSeed(TestHosts.seed(7)),
            now.minus(Duration.ofDays(2)),
            now.minus(Duration.ofDays(1)),
            true,
            null),
        TlsSecurity.ALPN_LIBP2P);
  }

  @Test
  void tlsClientWithoutLibp2pInAlpn() throws Exception {
    tlsRefused(TlsCertificate.create(HostKey.fromSeed(TestHosts.seed(7))), "h2", "http/1.1");
  }

  /** A TLS peer that offers Yamux in ALPN (as js-libp2p does) gets it there. */
  @Test
  void tlsWithAMuxerInAlpnAgreesOnItThere() throws Exception {
    try (RawPeer p = h.raw()) {
      p.negotiate(ConnectionSetup.TLS);
      HostKey key = HostKey.fromSeed(TestHosts.seed(7));
      javax.net.ssl.SSLSocket ssl =
          p.tls(
              new TlsSecurity(key, List.of(ConnectionSetup.YAMUX)),
              "/mplex/6.7.0",
              ConnectionSetup.YAMUX,
              TlsSecurity.ALPN_LIBP2P);
      assertThat(ssl.getApplicationProtocol()).isEqualTo(ConnectionSetup.YAMUX);
      assertThat(TestHosts.awaitConnection(h.victim.host(), key.peerId())).isPresent();
    }
    assertThat(h.victim.metrics().drops()).isEmpty();
  }

  /**
   * A TLS peer that offers no muxer in ALPN (only {@code libp2p}) agrees on Yamux with
   * multistream-select inside TLS, and its connection is not dropped.
   */
  @Test
  void tlsWithoutAMuxerInAlpnNegotiatesYamuxInside() throws Exception {
    try (RawPeer p = h.raw()) {
      p.negotiate(ConnectionSetup.TLS);
      HostKey key = HostKey.fromSeed(TestHosts.seed(7));
      javax.net.ssl.SSLSocket ssl = p.tls(new TlsSecurity(key, List.of()), TlsSecurity.ALPN_LIBP2P);
      assertThat(ssl.getApplicationProtocol()).isEqualTo(TlsSecurity.ALPN_LIBP2P);
      ssl.getOutputStream()
          .write(
              ByteBufs.bytes(
                  Multistream.encode(
                      ByteBufAllocator.DEFAULT, Multistream.HEADER, ConnectionSetup.YAMUX)));
      java.io.DataInputStream in = new java.io.DataInputStream(ssl.getInputStream());
      byte[] header = new byte[in.readUnsignedByte()];
      in.readFully(header);
      byte[] yamux = new byte[in.readUnsignedByte()];
      in.readFully(yamux);
      assertThat(new String(yamux, StandardCharsets.UTF_8)).isEqualTo(ConnectionSetup.YAMUX + "\n");
      assertThat(TestHosts.awaitConnection(h.victim.host(), key.peerId()))
          .hasValueSatisfying(c -> assertThat(c.security()).isEqualTo(ConnectionSetup.TLS));
    }
    assertThat(h.victim.metrics().drops()).isEmpty();
  }
}
