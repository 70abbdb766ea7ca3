package io.cairn.retrieval.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.P2pMetrics;
import io.cairn.retrieval.P2pOptions;
import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.testing.TestHosts;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Raw sockets play peers that make host 0 hold what it should not: replies they never read, frames
 * past a window, streams they never close, half-sent messages, streams and handshakes past their
 * limits. The peer is dropped or its stream reset, and host 0 keeps serving host 1.
 */
class HoldingPeersTest {
  private VictimHost h;

  @BeforeEach
  void start() {
    h = VictimHost.start();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  /**
   * A peer that asks for replies and never reads them (Yamux pings, each answered) through a small
   * receive buffer: the host's unsent bytes pass the limit and the peer is dropped, not queued for
   * without end.
   */
  @Test
  void pingFloodThatIsNeverReadIsDropped() throws Exception {
    h.hosts.connect(1, 0);
    try (RawPeer p = new RawPeer(h.address, 4096)) {
      p.upgrade(HostKey.fromSeed(TestHosts.seed(6)));
      io.netty.buffer.ByteBuf pings = Unpooled.buffer();
      for (int i = 0; i < 5000; i++) {
        pings.writeBytes(VictimHost.header(YamuxFrame.PING, YamuxFrame.SYN, 0, i));
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
    h.assertDroppedFor("write-backlog");
  }

  /** A Data frame longer than its stream's window is refused from its header, not buffered. */
  @Test
  void dataFrameOverTheStreamsWindowIsRefusedFromItsHeader() throws Exception {
    // within the largest window, over the initial one; the payload never comes
    h.droppedForFramesAfterUpgrade(
        VictimHost.header(YamuxFrame.DATA, YamuxFrame.SYN, 1, YamuxFrame.INITIAL_WINDOW + 1),
        "yamux-window");
  }

  @Test
  void dataOnAStreamNeverOpenedIsRefused() throws Exception {
    h.droppedForFramesAfterUpgrade(
        VictimHost.header(YamuxFrame.DATA, 0, 7, 1 << 20), "yamux-protocol");
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
            VictimHost.header(YamuxFrame.DATA, YamuxFrame.SYN, id, body.readableBytes()), body));
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
    h.hosts.connect(1, 0);
    try (RawPeer p = h.raw()) {
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
      assertThat(System.nanoTime() - start)
          .isGreaterThanOrEqualTo(VictimHost.CLOSE_TIMEOUT.toNanos());
      Connection c = TestHosts.awaitConnection(h.victim.host(), key.peerId()).orElseThrow();
      assertThat(c.streamProtocols())
          .doesNotContain(io.cairn.retrieval.p2p.identify.Identify.PROTOCOL_ID);
      // forgotten, they leave room for new streams
      openStream(p, 11, io.cairn.retrieval.p2p.identify.Identify.PROTOCOL_ID, new byte[0]);
      awaitFlag(p, 11, YamuxFrame.FIN);
    }
    assertThat(h.victim.metrics().drops()).isEmpty();
  }

  /** A protocol framed with uvarint lengths, at most 2 streams per peer, partial messages 1 s. */
  private static final String FRAMED = "/test/framed/1.0.0";

  private void registerFramed() {
    h.victim
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
    h.hosts.connect(1, 0);
    TcpHost host = (TcpHost) h.victim.host();
    try (RawPeer p = h.raw()) {
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
    h.hosts.connect(1, 0);
    try (RawPeer p = h.raw()) {
      p.upgrade(HostKey.fromSeed(TestHosts.seed(6)));
      openStream(p, 1, FRAMED, new byte[0]);
      openStream(p, 3, FRAMED, new byte[0]);
      openStream(p, 5, FRAMED, new byte[0]);
      awaitFlag(p, 5, YamuxFrame.RST);
      // the first two stay open
      openStream(p, 7, FRAMED, new byte[0]);
      awaitFlag(p, 7, YamuxFrame.RST);
    }
    assertThat(h.victim.metrics().drops()).isEmpty();
    h.hosts.get(1).host().disconnect(h.victim.peerId()).get(10, TimeUnit.SECONDS);
    assertThat(h.hosts.get(1).ping(h.victim.peerId()).get(10, TimeUnit.SECONDS)).isPositive();
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
    h.hosts.connect(1, 0);
    try (RawPeer p = h.raw()) {
      p.upgrade(HostKey.fromSeed(TestHosts.seed(6)));
      String ping = io.cairn.retrieval.p2p.ping.Ping.PROTOCOL_ID;
      openStream(p, 1, ping, new byte[0]);
      // the whole initial window of pings: their echoes fill the window this side granted
      p.sendEncrypted(
          Unpooled.wrappedBuffer(
              VictimHost.header(YamuxFrame.DATA, 0, 1, YamuxFrame.INITIAL_WINDOW - 64),
              Unpooled.wrappedBuffer(new byte[YamuxFrame.INITIAL_WINDOW - 64])));
      // the host reopened its window as it read them; 32 more pings, whose echoes cannot leave
      p.sendEncrypted(
          Unpooled.wrappedBuffer(
              VictimHost.header(YamuxFrame.DATA, 0, 1, 64 + 32 * 32),
              Unpooled.wrappedBuffer(new byte[64 + 32 * 32])));
      awaitFlag(p, 1, YamuxFrame.RST);
    }
    assertThat(h.victim.metrics().drops()).isEmpty();
  }
}
