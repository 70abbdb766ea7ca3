package io.cairn.retrieval.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.retrieval.P2pMetrics;
import io.cairn.retrieval.P2pNode;
import io.cairn.retrieval.P2pOptions;
import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.PeerId;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetSocketAddress;
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
  private static final long WRITE_BACKLOG = 4L * 1024 * 1024;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

  private TestHosts hosts;
  private P2pNode victim;
  private InetSocketAddress address;

  @BeforeEach
  void start() {
    P2pOptions options =
        P2pOptions.loopback()
            .withLimits(
                P2pOptions.Limits.defaults()
                    .withMaxStreamsPerConnection(4)
                    .withMaxConnections(8)
                    .withHandshakeTimeout(Duration.ofSeconds(2))
                    .withMaxPendingWriteBytes(WRITE_BACKLOG)
                    .withStreamCloseTimeout(CLOSE_TIMEOUT));
    hosts = TestHosts.start(2, options, n -> {});
    victim = hosts.get(0);
    address = victim.host().listenAddresses().get(0).socketAddress();
  }

  @AfterEach
  void stop() {
    hosts.close();
  }

  private void assertDroppedFor(String reason) throws Exception {
    P2pMetrics m = victim.metrics();
    for (int i = 0; i < 1000 && m.drops(reason) == 0; i++) {
      Thread.sleep(10); // the drop of a connection the peer closed is counted on the event loop
    }
    assertThat(m.drops()).containsEntry(reason, 1L);
    // host 0 still serves another peer
    hosts.get(1).host().disconnect(victim.peerId()).get(10, TimeUnit.SECONDS);
    assertThat(hosts.get(1).ping(victim.peerId()).get(10, TimeUnit.SECONDS)).isPositive();
  }

  private RawPeer raw() throws Exception {
    return new RawPeer(address);
  }

  @Test
  void garbageBeforeMultistream() throws Exception {
    hosts.connect(1, 0);
    try (RawPeer p = raw()) {
      p.send("GET / HTTP/1.1\r\nHost: cairn\r\n\r\n".repeat(4).getBytes(StandardCharsets.US_ASCII));
      assertThat(p.closedByPeer()).isTrue();
    }
    assertDroppedFor("multistream");
  }

  @Test
  void garbageInsideMultistream() throws Exception {
    hosts.connect(1, 0);
    try (RawPeer p = raw()) {
      p.send(Multistream.encode(ByteBufAllocator.DEFAULT, Multistream.HEADER));
      p.send(new byte[] {5, 0x01, 0x02, 0x03, 0x04, '\n'});
      assertThat(p.closedByPeer()).isTrue();
    }
    assertDroppedFor("multistream");
  }

  @Test
  void oversizedNoiseFrame() throws Exception {
    hosts.connect(1, 0);
    try (RawPeer p = raw()) {
      p.negotiate(ConnectionSetup.NOISE);
      p.send(Unpooled.buffer().writeShort(65535).writeBytes(new byte[1000]));
      assertThat(p.closedByPeer()).isTrue();
    }
    assertDroppedFor("noise-frame");
  }

  @Test
  void truncatedNoiseFrame() throws Exception {
    hosts.connect(1, 0);
    try (RawPeer p = raw()) {
      p.negotiate(ConnectionSetup.NOISE);
      p.send(Unpooled.buffer().writeShort(32).writeBytes(new byte[10]));
    }
    assertDroppedFor("noise-frame");
  }

  @Test
  void badHandshakeSignature() throws Exception {
    hosts.connect(1, 0);
    try (RawPeer p = raw()) {
      p.negotiate(ConnectionSetup.NOISE);
      p.handshake(HostKey.impostor(TestHosts.seed(7), TestHosts.seed(1)));
      assertThat(p.closedByPeer()).isTrue();
    }
    assertDroppedFor("noise-handshake");
  }

  /**
   * A length of -11 (a 10-byte varint with the sign bit set) in the handshake payload, which no
   * signature guards: it once moved the protobuf reader back to the same field, on the event loop.
   */
  @Test
  void handshakePayloadWithANegativeLength() throws Exception {
    hosts.connect(1, 0);
    byte[] payload = {
      0x2A, (byte) 0xF5, -1, -1, -1, -1, -1, -1, -1, -1, 0x01,
    };
    try (RawPeer p = raw()) {
      p.negotiate(ConnectionSetup.NOISE);
      p.handshakeWithPayload(HostKey.fromSeed(TestHosts.seed(7)), payload);
      assertThat(p.closedByPeer()).isTrue();
    }
    assertDroppedFor("noise-handshake");
  }

  @Test
  void peerIdMismatchIsRefusedByTheDialer() throws Exception {
    PeerId someoneElse = HostKey.fromSeed(TestHosts.seed(5)).peerId();
    assertThatThrownBy(
            () ->
                hosts
                    .get(1)
                    .host()
                    .connect(someoneElse, victim.host().listenAddresses())
                    .get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining(
            "was dialed as peer " + someoneElse + " but proved to be " + victim.peerId());
    assertThat(hosts.get(1).metrics().drops()).containsEntry("peer-id-mismatch", 1L);
    hosts.connect(1, 0);
    assertThat(hosts.get(1).ping(victim.peerId()).get(10, TimeUnit.SECONDS)).isPositive();
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
    hosts.connect(1, 0);
    try (RawPeer p = raw()) {
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
    assertDroppedFor("yamux-window");
  }

  @Test
  void muxerListsWithNothingInCommon() throws Exception {
    hosts.connect(1, 0);
    try (RawPeer p = raw()) {
      p.negotiate(ConnectionSetup.NOISE);
      p.handshake(HostKey.fromSeed(TestHosts.seed(6)), List.of("/mplex/6.7.0"), true);
      assertThat(p.closedByPeer()).isTrue();
    }
    assertDroppedFor("noise-handshake");
  }

  @Test
  void streamFlood() throws Exception {
    var frames = Unpooled.buffer();
    for (int i = 0; i < 4 + YamuxSession.MAX_REFUSED_STREAMS + 1; i++) {
      frames.writeBytes(header(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 1 + 2 * i, 0));
    }
    droppedForFramesAfterUpgrade(frames, "stream-flood");
  }

  @Test
  void silentConnectionTimesOutInTheHandshake() throws Exception {
    hosts.connect(1, 0);
    try (RawPeer p = raw()) {
      assertThat(p.closedByPeer()).isTrue();
    }
    assertDroppedFor("handshake-timeout");
  }

  @Test
  void connectionsPastTheLimitAreClosedAtOnce() throws Exception {
    hosts.connect(1, 0);
    List<RawPeer> open = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 7; i++) { // with host 1's connection, 8: the limit
        open.add(raw());
      }
      try (RawPeer extra = raw()) {
        assertThat(extra.closedByPeer()).isTrue();
      }
      assertThat(victim.metrics().drops()).containsEntry("connection-limit", 1L);
    } finally {
      for (RawPeer p : open) {
        p.close();
      }
    }
  }

  /** A raw TLS client with {@code certificate} is refused in or right after the handshake. */
  private void tlsRefused(TlsCertificate certificate, String... alpn) throws Exception {
    hosts.connect(1, 0);
    try (RawPeer p = raw()) {
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
    assertDroppedFor("tls-handshake");
  }

  @Test
  void garbageAfterTlsWasAgreed() throws Exception {
    hosts.connect(1, 0);
    try (RawPeer p = raw()) {
      p.negotiate(ConnectionSetup.TLS);
      p.send("GET / HTTP/1.1\r\nHost: cairn\r\n\r\n".repeat(4).getBytes(StandardCharsets.US_ASCII));
      assertThat(p.closedByPeer()).isTrue();
    }
    assertDroppedFor("tls-handshake");
  }

  /**
   * A TLS record longer than TLS allows (16 KiB and 256 bytes): refused once it arrived (a record
   * is taken whole before it is read, so at most 64 KiB are held; a peer that sends less waits for
   * the handshake timeout).
   */
  @Test
  void oversizedTlsRecord() throws Exception {
    hosts.connect(1, 0);
    try (RawPeer p = raw()) {
      p.negotiate(ConnectionSetup.TLS);
      // a handshake record (22) of TLS 1.0's legacy version, 20,000 bytes long
      p.send(
          Unpooled.buffer().writeByte(22).writeShort(0x0301).writeShort(20_000).writeZero(20_000));
      assertThat(p.closedByPeer()).isTrue();
    }
    assertDroppedFor("tls-handshake");
  }

  @Test
  void silentAfterTlsWasAgreedTimesOut() throws Exception {
    hosts.connect(1, 0);
    try (RawPeer p = raw()) {
      p.negotiate(ConnectionSetup.TLS);
      assertThat(p.closedByPeer()).isTrue();
    }
    assertDroppedFor("handshake-timeout");
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
    try (RawPeer p = raw()) {
      p.negotiate(ConnectionSetup.TLS);
      HostKey key = HostKey.fromSeed(TestHosts.seed(7));
      javax.net.ssl.SSLSocket ssl =
          p.tls(
              new TlsSecurity(key, List.of(ConnectionSetup.YAMUX)),
              "/mplex/6.7.0",
              ConnectionSetup.YAMUX,
              TlsSecurity.ALPN_LIBP2P);
      assertThat(ssl.getApplicationProtocol()).isEqualTo(ConnectionSetup.YAMUX);
      assertThat(TestHosts.awaitConnection(victim.host(), key.peerId())).isPresent();
    }
    assertThat(victim.metrics().drops()).isEmpty();
  }

  /**
   * A TLS peer that offers no muxer in ALPN (only {@code libp2p}) agrees on Yamux with
   * multistream-select inside TLS, and its connection is not dropped.
   */
  @Test
  void tlsWithoutAMuxerInAlpnNegotiatesYamuxInside() throws Exception {
    try (RawPeer p = raw()) {
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
      assertThat(TestHosts.awaitConnection(victim.host(), key.peerId()))
          .hasValueSatisfying(c -> assertThat(c.security()).isEqualTo(ConnectionSetup.TLS));
    }
    assertThat(victim.metrics().drops()).isEmpty();
  }

  private static io.netty.buffer.ByteBuf header(int type, int flags, int id, long length) {
    return YamuxFrame.header(ByteBufAllocator.DEFAULT, type, flags, id, length);
  }

  /**
   * A peer that asks for replies and never reads them (Yamux pings, each answered) through a small
   * receive buffer: the host's unsent bytes pass the limit and the peer is dropped, not queued for
   * without end.
   */
  @Test
  void pingFloodThatIsNeverReadIsDropped() throws Exception {
    hosts.connect(1, 0);
    try (RawPeer p = new RawPeer(address, 4096)) {
      p.upgrade(HostKey.fromSeed(TestHosts.seed(6)));
      io.netty.buffer.ByteBuf pings = Unpooled.buffer();
      for (int i = 0; i < 5000; i++) {
        pings.writeBytes(header(YamuxFrame.PING, YamuxFrame.SYN, 0, i));
      }
      byte[] batch = ByteBufs.bytes(pings);
      try {
        for (int i = 0; i < 400; i++) { // 2 million pings: 24 MB of answers, none read
          p.sendEncrypted(Unpooled.wrappedBuffer(batch));
        }
      } catch (IOException e) {
        // the host closed the connection under the flood
      }
      assertThat(p.closedByPeer()).isTrue();
    }
    assertDroppedFor("write-backlog");
  }

  /** A Data frame longer than its stream's window is refused from its header, not buffered. */
  @Test
  void dataFrameOverTheStreamsWindowIsRefusedFromItsHeader() throws Exception {
    // within the largest window, over the initial one; the payload never comes
    droppedForFramesAfterUpgrade(
        header(YamuxFrame.DATA, YamuxFrame.SYN, 1, YamuxFrame.INITIAL_WINDOW + 1), "yamux-window");
  }

  @Test
  void dataOnAStreamNeverOpenedIsRefused() throws Exception {
    droppedForFramesAfterUpgrade(header(YamuxFrame.DATA, 0, 7, 1 << 20), "yamux-protocol");
  }

  /** {@code frames} sent once the Yamux session is open get the peer dropped for {@code reason}. */
  private void droppedForFramesAfterUpgrade(io.netty.buffer.ByteBuf frames, String reason)
      throws Exception {
    hosts.connect(1, 0);
    try (RawPeer p = raw()) {
      p.upgrade(HostKey.fromSeed(TestHosts.seed(6)));
      p.sendEncrypted(frames);
      assertThat(p.closedByPeer()).isTrue();
    }
    assertDroppedFor(reason);
  }

  /** Opens stream {@code id} of {@code protocol}, with {@code extra} bytes after the proposal. */
  private static void openStream(RawPeer p, int id, String protocol, byte[] extra)
      throws IOException {
    io.netty.buffer.ByteBuf body =
        Unpooled.wrappedBuffer(
            Multistream.encode(ByteBufAllocator.DEFAULT, Multistream.HEADER, protocol),
            Unpooled.wrappedBuffer(extra));
    p.sendEncrypted(
        Unpooled.wrappedBuffer(
            header(YamuxFrame.DATA, YamuxFrame.SYN, id, body.readableBytes()), body));
  }

  /** Reads the listener's frames until one on stream {@code id} has {@code flag}. */
  private static void awaitFlag(RawPeer p, int id, int flag) throws IOException {
    for (long[] f = p.readYamuxFrame(null); ; f = p.readYamuxFrame(null)) {
      if (f[2] == id && (f[1] & flag) != 0) {
        return;
      }
    }
  }

  /**
   * Identify streams the host answered and closed, and the peer never closes: each counts against
   * the stream limit until the close timeout, then is reset and forgotten.
   */
  @Test
  void streamsThePeerNeverClosesCountUntilTheCloseTimeoutResetsThem() throws Exception {
    hosts.connect(1, 0);
    try (RawPeer p = raw()) {
      HostKey key = HostKey.fromSeed(TestHosts.seed(6));
      p.upgrade(key);
      long start = System.nanoTime();
      for (int id = 1; id <= 7; id += 2) { // the limit of 4 inbound streams
        openStream(p, id, io.cairn.retrieval.p2p.identify.Identify.PROTOCOL_ID, new byte[0]);
        awaitFlag(p, id, YamuxFrame.FIN);
      }
      // half-closed by the host, all four still count: a fifth is refused
      openStream(p, 9, io.cairn.retrieval.p2p.identify.Identify.PROTOCOL_ID, new byte[0]);
      awaitFlag(p, 9, YamuxFrame.RST);
      for (int id = 1; id <= 7; id += 2) {
        awaitFlag(p, id, YamuxFrame.RST);
      }
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(CLOSE_TIMEOUT.toNanos());
      Connection c = TestHosts.awaitConnection(victim.host(), key.peerId()).orElseThrow();
      assertThat(c.streamProtocols())
          .doesNotContain(io.cairn.retrieval.p2p.identify.Identify.PROTOCOL_ID);
      // forgotten, they leave room for new streams
      openStream(p, 11, io.cairn.retrieval.p2p.identify.Identify.PROTOCOL_ID, new byte[0]);
      awaitFlag(p, 11, YamuxFrame.FIN);
    }
    assertThat(victim.metrics().drops()).isEmpty();
  }

  /** A protocol framed with uvarint lengths, at most 2 streams per peer, partial messages 1 s. */
  private static final String FRAMED = "/test/framed/1.0.0";

  private void registerFramed() {
    victim
        .host()
        .register(
            new io.cairn.retrieval.p2p.ProtocolBinding() {
              @Override
              public List<String> protocolIds() {
                return List.of(FRAMED);
              }

              @Override
              public int maxInboundStreams() {
                return 2;
              }

              @Override
              public void initStream(io.cairn.retrieval.p2p.Stream stream) {
                stream
                    .channel()
                    .pipeline()
                    .addLast(
                        new io.cairn.retrieval.p2p.UvarintFrames.Decoder(
                            "test message", 4 << 20, Duration.ofSeconds(1)));
              }
            });
  }

  /**
   * The start of a 4 MiB message counts against the memory for received frames while the protocol
   * decodes it, and a message left incomplete past its timeout resets the stream and frees it.
   */
  @Test
  void aPartialMessageCountsAgainstTheMemoryUntilItTimesOut() throws Exception {
    registerFramed();
    hosts.connect(1, 0);
    TcpHost host = (TcpHost) victim.host();
    try (RawPeer p = raw()) {
      p.upgrade(HostKey.fromSeed(TestHosts.seed(6)));
      byte[] partial = new byte[200 * 1024];
      byte[] prefix = io.cairn.storage.Varint.encode((4 << 20) - 1);
      System.arraycopy(prefix, 0, partial, 0, prefix.length);
      openStream(p, 1, FRAMED, partial);
      for (int i = 0; i < 500 && host.bufferedBytes() < partial.length; i++) {
        Thread.sleep(10);
      }
      assertThat(host.bufferedBytes()).isGreaterThanOrEqualTo(partial.length);
      awaitFlag(p, 1, YamuxFrame.RST);
      for (int i = 0; i < 500 && host.bufferedBytes() > 0; i++) {
        Thread.sleep(10);
      }
      assertThat(host.bufferedBytes()).isZero();
    }
  }

  @Test
  void streamsOfOneProtocolPastItsLimitAreReset() throws Exception {
    registerFramed();
    hosts.connect(1, 0);
    try (RawPeer p = raw()) {
      p.upgrade(HostKey.fromSeed(TestHosts.seed(6)));
      openStream(p, 1, FRAMED, new byte[0]);
      openStream(p, 3, FRAMED, new byte[0]);
      openStream(p, 5, FRAMED, new byte[0]);
      awaitFlag(p, 5, YamuxFrame.RST);
      // the first two stay open
      openStream(p, 7, FRAMED, new byte[0]);
      awaitFlag(p, 7, YamuxFrame.RST);
    }
    assertThat(victim.metrics().drops()).isEmpty();
    hosts.get(1).host().disconnect(victim.peerId()).get(10, TimeUnit.SECONDS);
    assertThat(hosts.get(1).ping(victim.peerId()).get(10, TimeUnit.SECONDS)).isPositive();
  }

  /**
   * As many silent sockets from one address as the host takes connections (8): 4 may wait in the
   * handshakes from one address, the rest are refused at once, so a peer from elsewhere still
   * connects, and the host still dials out.
   */
  @Test
  void handshakingSocketsLeaveRoomForPeersAndForDials() throws Exception {
    P2pOptions options =
        P2pOptions.loopback()
            .withLimits(
                P2pOptions.Limits.defaults()
                    .withMaxConnections(8)
                    .withHandshakeTimeout(Duration.ofSeconds(20))
                    .withMaxHandshaking(6, 4));
    List<RawPeer> open = new java.util.ArrayList<>();
    try (TestHosts three = TestHosts.start(3, options, n -> {})) {
      InetSocketAddress at = three.get(0).host().listenAddresses().get(0).socketAddress();
      for (int i = 0; i < 8; i++) {
        open.add(new RawPeer(at, 0, java.net.InetAddress.getByName("127.0.0.2")));
      }
      P2pMetrics m = three.get(0).metrics();
      for (int i = 0; i < 1000 && m.drops("connection-limit") < 4; i++) {
        Thread.sleep(10);
      }
      assertThat(m.drops()).containsEntry("connection-limit", 4L);
      three.connect(1, 0);
      assertThat(three.get(1).ping(three.get(0).peerId()).get(10, TimeUnit.SECONDS)).isPositive();
      three.connect(0, 2);
      assertThat(three.get(0).ping(three.get(2).peerId()).get(10, TimeUnit.SECONDS)).isPositive();
    } finally {
      for (RawPeer p : open) {
        p.close();
      }
    }
  }

  /**
   * A pinger that sends pings past the window it granted for the echoes (it never reads them): the
   * echoes that cannot leave pile up no further than a few, then the stream is reset.
   */
  @Test
  void pingsWhoseEchoesCannotLeaveResetTheStream() throws Exception {
    hosts.connect(1, 0);
    try (RawPeer p = raw()) {
      p.upgrade(HostKey.fromSeed(TestHosts.seed(6)));
      String ping = io.cairn.retrieval.p2p.ping.Ping.PROTOCOL_ID;
      openStream(p, 1, ping, new byte[0]);
      // the whole initial window of pings: their echoes fill the window this side granted
      p.sendEncrypted(
          Unpooled.wrappedBuffer(
              header(YamuxFrame.DATA, 0, 1, YamuxFrame.INITIAL_WINDOW - 64),
              Unpooled.wrappedBuffer(new byte[YamuxFrame.INITIAL_WINDOW - 64])));
      // the host reopened its window as it read them; 32 more pings, whose echoes cannot leave
      p.sendEncrypted(
          Unpooled.wrappedBuffer(
              header(YamuxFrame.DATA, 0, 1, 64 + 32 * 32),
              Unpooled.wrappedBuffer(new byte[64 + 32 * 32])));
      awaitFlag(p, 1, YamuxFrame.RST);
    }
    assertThat(victim.metrics().drops()).isEmpty();
  }
}
