package io.cairn.retrieval.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.PeerId;
import io.cairn.storage.testing.TestData;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two {@link NoiseHandler}s on EmbeddedChannels, bytes shuttled between them by the test. */
class NoiseHandlerTest {
  private static final HostKey ALICE = HostKey.fromSeed(TestHosts.seed(1));
  private static final HostKey BOB = HostKey.fromSeed(TestHosts.seed(2));

  /** One side: its channel, the peer it authenticated, and errors that reached the end. */
  private static final class Side {
    final EmbeddedChannel ch;
    PeerId remote;
    String muxer;
    final List<Throwable> errors = new ArrayList<>();

    Side(boolean initiator, HostKey key, PeerId expected) {
      this(initiator, key, expected, List.of(ConnectionSetup.YAMUX));
    }

    Side(boolean initiator, HostKey key, PeerId expected, List<String> muxers) {
      ch = new EmbeddedChannel();
      ch.pipeline()
          .addLast(
              new ChannelInboundHandlerAdapter() {
                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                  errors.add(cause);
                }
              });
      ch.pipeline()
          .addFirst(
              "noise",
              new NoiseHandler(
                  initiator,
                  key,
                  expected,
                  "peer",
                  muxers,
                  (ctx, p, m) -> {
                    remote = p;
                    muxer = m;
                  }));
    }

    PeerMisbehaved error() {
      assertThat(errors).hasSize(1);
      return (PeerMisbehaved) errors.get(0);
    }
  }

  /** Moves every outbound buffer of {@code from} into {@code to}; false if there was none. */
  private static boolean shuttle(Side from, Side to) {
    boolean any = false;
    for (ByteBuf b; (b = from.ch.readOutbound()) != null; ) {
      to.ch.writeInbound(b);
      any = true;
    }
    return any;
  }

  private static void handshake(Side a, Side b) {
    while (shuttle(a, b) | shuttle(b, a)) {
      // until both are quiet
    }
  }

  @Test
  void bothSidesChooseTheFirstOfTheInitiatorsMuxersThatBothList() {
    Side a = new Side(true, ALICE, BOB.peerId(), List.of("/mplex/6.7.0", ConnectionSetup.YAMUX));
    Side b = new Side(false, BOB, null, List.of(ConnectionSetup.YAMUX, "/mplex/6.7.0"));
    handshake(a, b);
    assertThat(a.muxer).isEqualTo("/mplex/6.7.0");
    assertThat(b.muxer).isEqualTo("/mplex/6.7.0");

    Side c = new Side(true, ALICE, BOB.peerId());
    Side d = new Side(false, BOB, null, List.of("/mplex/6.7.0", ConnectionSetup.YAMUX));
    handshake(c, d);
    assertThat(c.muxer).isEqualTo(ConnectionSetup.YAMUX);
    assertThat(d.muxer).isEqualTo(ConnectionSetup.YAMUX);
  }

  @Test
  void aPeerThatListsNoMuxersLeavesTheChoiceToMultistream() {
    Side a = new Side(true, ALICE, BOB.peerId());
    Side b = new Side(false, BOB, null, List.of());
    handshake(a, b);
    assertThat(a.remote).isEqualTo(BOB.peerId());
    assertThat(b.remote).isEqualTo(ALICE.peerId());
    assertThat(a.muxer).isNull();
    assertThat(b.muxer).isNull();
  }

  @Test
  void listsWithNoMuxerInCommonFailTheHandshake() {
    Side a = new Side(true, ALICE, BOB.peerId(), List.of("/mplex/6.7.0"));
    Side b = new Side(false, BOB, null);
    handshake(a, b);
    // The initiator reads the responder's list first and refuses; the responder never hears more.
    assertThat(a.error().reason()).isEqualTo(DropReason.NOISE_HANDSHAKE);
    assertThat(a.error()).hasMessageContaining("none in common");
    assertThat(a.remote).isNull();
    assertThat(b.remote).isNull();
  }

  @Test
  void aMuxerListOverTheLimitFailsTheHandshake() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < NoiseHandshake.MAX_MUXERS; i++) {
      many.add("/muxer/" + i);
    }
    many.add(ConnectionSetup.YAMUX);
    Side a = new Side(true, ALICE, BOB.peerId(), many);
    Side b = new Side(false, BOB, null);
    handshake(a, b);
    // The initiator finds Yamux in the responder's list; the responder refuses the initiator's.
    assertThat(b.error().reason()).isEqualTo(DropReason.NOISE_HANDSHAKE);
    assertThat(b.error()).hasMessageContaining("over " + NoiseHandshake.MAX_MUXERS + " entries");
    assertThat(b.remote).isNull();
  }

  @Test
  void handshakeAuthenticatesBothSidesAndCarriesDataBothWays() {
    Side a = new Side(true, ALICE, BOB.peerId());
    Side b = new Side(false, BOB, null);
    handshake(a, b);
    assertThat(a.remote).isEqualTo(BOB.peerId());
    assertThat(b.remote).isEqualTo(ALICE.peerId());

    byte[] big = TestData.bytes(3, 200_000); // several Noise frames
    a.ch.writeOutbound(Unpooled.wrappedBuffer(big));
    int frames = 0;
    ByteBuf received = Unpooled.buffer();
    for (ByteBuf f; (f = a.ch.readOutbound()) != null; frames++) {
      assertThat(f.getUnsignedShort(0)).isLessThanOrEqualTo(NoiseHandler.MAX_FRAME);
      b.ch.writeInbound(f);
    }
    for (ByteBuf p; (p = b.ch.readInbound()) != null; ) {
      received.writeBytes(p);
      p.release();
    }
    assertThat(frames).isEqualTo(4);
    assertThat(ByteBufs.bytes(received)).isEqualTo(big);

    b.ch.writeOutbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
    shuttle(b, a);
    ByteBuf back = a.ch.readInbound();
    assertThat(ByteBufs.bytes(back)).containsExactly(1, 2, 3);
    assertThat(a.errors).isEmpty();
    assertThat(b.errors).isEmpty();
  }

  @Test
  void aDialedPeerWithAnotherIdIsRejected() {
    PeerId expected = HostKey.fromSeed(TestHosts.seed(3)).peerId();
    Side a = new Side(true, ALICE, expected);
    Side b = new Side(false, BOB, null);
    handshake(a, b);
    assertThat(a.remote).isNull();
    assertThat(a.error().reason()).isEqualTo(DropReason.PEER_ID_MISMATCH);
    assertThat(a.error().getMessage())
        .isEqualTo("peer was dialed as peer " + expected + " but proved to be " + BOB.peerId());
  }

  @Test
  void aSignatureByAnotherKeyIsRejected() {
    HostKey impostor = HostKey.impostor(TestHosts.seed(9), TestHosts.seed(1));
    Side a = new Side(true, impostor, null);
    Side b = new Side(false, BOB, null);
    handshake(a, b);
    assertThat(b.remote).isNull();
    assertThat(b.error().reason()).isEqualTo(DropReason.NOISE_HANDSHAKE);
    assertThat(b.error().getMessage())
        .isEqualTo(
            "peer sent a handshake signature that does not verify with the key of "
                + ALICE.peerId());
  }

  @Test
  void anOversizedHandshakeFrameIsRejectedBeforeItArrives() {
    Side b = new Side(false, BOB, null);
    b.ch.writeInbound(Unpooled.buffer().writeShort(65535).writeBytes(new byte[100]));
    assertThat(b.error().reason()).isEqualTo(DropReason.NOISE_FRAME);
    assertThat(b.error().getMessage()).contains("65535 bytes");
  }

  @Test
  void aTamperedTransportFrameFailsAuthentication() {
    Side a = new Side(true, ALICE, null);
    Side b = new Side(false, BOB, null);
    handshake(a, b);
    a.ch.writeOutbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4}));
    ByteBuf frame = a.ch.readOutbound();
    frame.setByte(3, frame.getByte(3) ^ 1);
    b.ch.writeInbound(frame);
    assertThat(b.error().reason()).isEqualTo(DropReason.NOISE_FRAME);
    assertThat(b.error().getMessage())
        .isEqualTo("peer sent a Noise frame that fails authentication");
  }

  @Test
  void aConnectionThePeerClosesInsideAFrameIsCountedAsTruncated() {
    Side b = new Side(false, BOB, null);
    b.ch.writeInbound(Unpooled.buffer().writeShort(100).writeBytes(new byte[10]));
    assertThat(b.errors).isEmpty();
    // the peer's close: the socket ends without this side's close passing through the pipeline
    b.ch.unsafe().close(b.ch.voidPromise());
    b.ch.runPendingTasks();
    assertThat(b.error().reason()).isEqualTo(DropReason.NOISE_FRAME);
    assertThat(b.error().getMessage())
        .isEqualTo("peer closed the connection inside a Noise frame (12 of 102 bytes)");
  }

  /**
   * A connection this side closes while part of a frame has come in (the rest was on its way) is no
   * fault of the peer's: nothing is reported.
   */
  @Test
  void aConnectionClosedHereInsideAFrameReportsNothing() {
    Side b = new Side(false, BOB, null);
    b.ch.writeInbound(Unpooled.buffer().writeShort(100).writeBytes(new byte[10]));
    b.ch.close();
    b.ch.runPendingTasks();
    assertThat(b.errors).isEmpty();
    assertThat(b.ch.isActive()).isFalse();
  }
}
