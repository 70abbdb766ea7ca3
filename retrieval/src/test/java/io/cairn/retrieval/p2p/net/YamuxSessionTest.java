package io.cairn.retrieval.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A listener's Yamux session on an EmbeddedChannel; the test plays the dialing peer. */
class YamuxSessionTest {
  private final List<Throwable> errors = new ArrayList<>();
  private final List<YamuxStream> accepted = new ArrayList<>();
  private final List<Object> events = new ArrayList<>();
  private final ByteBuf received = Unpooled.buffer();
  private boolean autoRead = true;
  private final MemoryBudget memory = new MemoryBudget(10 * 1024 * 1024);

  private EmbeddedChannel session(boolean initiator, int maxStreams) {
    YamuxSession session =
        new YamuxSession(
            initiator, "peer X", maxStreams, memory, Duration.ofMinutes(5), this::accept);
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new YamuxFrameDecoder("peer", session),
            session,
            new ChannelInboundHandlerAdapter() {
              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                errors.add(cause.getCause() instanceof PeerMisbehaved m ? m : cause);
              }
            });
    return ch;
  }

  private void accept(YamuxStream s) {
    accepted.add(s);
    s.config().setAutoRead(autoRead);
    s.pipeline()
        .addLast(
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf b = (ByteBuf) msg;
                received.writeBytes(b);
                b.release();
              }

              @Override
              public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
              }
            });
  }

  private static ByteBuf frame(int type, int flags, int id, int length, byte[] data) {
    ByteBuf b = YamuxFrame.header(Unpooled.buffer().alloc(), type, flags, id, length);
    return data == null ? b : Unpooled.wrappedBuffer(b, Unpooled.wrappedBuffer(data));
  }

  private static ByteBuf data(int flags, int id, int length) {
    return frame(YamuxFrame.DATA, flags, id, length, new byte[length]);
  }

  /** The frames the session wrote, as {type, flags, id, length} (Data payloads skipped). */
  private static List<long[]> written(EmbeddedChannel ch) {
    ByteBuf all = Unpooled.buffer();
    for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
      all.writeBytes(b);
      b.release();
    }
    List<long[]> out = new ArrayList<>();
    while (all.isReadable()) {
      all.readByte();
      long[] f = {
        all.readUnsignedByte(), all.readUnsignedShort(), all.readInt(), all.readUnsignedInt()
      };
      if (f[0] == YamuxFrame.DATA) {
        all.skipBytes((int) f[3]);
      }
      out.add(f);
    }
    return out;
  }

  private PeerMisbehaved error() {
    assertThat(errors).hasSize(1);
    return (PeerMisbehaved) errors.get(0);
  }

  @Test
  void acceptsAStreamAcknowledgesItAndDeliversDataThenFin() {
    EmbeddedChannel ch = session(false, 4);
    ch.writeInbound(frame(YamuxFrame.DATA, YamuxFrame.SYN, 1, 3, new byte[] {7, 8, 9}));
    assertThat(accepted).hasSize(1);
    assertThat(written(ch))
        .containsExactly(new long[] {YamuxFrame.WINDOW_UPDATE, YamuxFrame.ACK, 1, 0});
    assertThat(ByteBufs.bytes(received.retain())).containsExactly(7, 8, 9);
    ch.writeInbound(frame(YamuxFrame.WINDOW_UPDATE, YamuxFrame.FIN, 1, 0, null));
    assertThat(events).containsExactly(ChannelInputShutdownEvent.INSTANCE);
    assertThat(accepted.get(0).isActive()).isTrue();
    accepted.get(0).closeWrite();
    ch.runPendingTasks();
    assertThat(written(ch))
        .containsExactly(new long[] {YamuxFrame.WINDOW_UPDATE, YamuxFrame.FIN, 1, 0});
    assertThat(accepted.get(0).isActive()).isFalse();
    assertThat(errors).isEmpty();
  }

  @Test
  void answersPings() {
    EmbeddedChannel ch = session(false, 4);
    ch.writeInbound(frame(YamuxFrame.PING, YamuxFrame.SYN, 0, 1234, null));
    assertThat(written(ch)).containsExactly(new long[] {YamuxFrame.PING, YamuxFrame.ACK, 0, 1234});
  }

  @Test
  void dataBeyondTheWindowDropsTheConnection() {
    // The first read (on activation) is the only one: 200 KiB given back with 256 KiB more (a
    // window of 512 KiB, 412 KiB of it free once the next 100 KiB arrive), then nothing.
    autoRead = false;
    EmbeddedChannel ch = session(false, 4);
    ch.writeInbound(data(YamuxFrame.SYN, 1, 200 * 1024));
    ch.writeInbound(data(0, 1, 100 * 1024));
    ch.writeInbound(data(0, 1, 200 * 1024));
    assertThat(errors).isEmpty();
    assertThat(received.readableBytes()).isEqualTo(200 * 1024);
    ch.writeInbound(data(0, 1, 250 * 1024));
    assertThat(error().reason()).isEqualTo(DropReason.YAMUX_WINDOW);
    assertThat(error().getMessage())
        .isEqualTo(
            "peer X sent a Data frame of 256000 bytes on stream 1, more than its window of "
                + (212 * 1024));
    assertThat(written(ch))
        .contains(new long[] {YamuxFrame.GO_AWAY, 0, 0, YamuxFrame.GO_AWAY_PROTOCOL_ERROR});
  }

  @Test
  void aDataFrameLargerThanAnyWindowIsRejectedFromItsHeader() {
    EmbeddedChannel ch = session(false, 4);
    ch.writeInbound(
        YamuxFrame.header(
            Unpooled.buffer().alloc(), 0, YamuxFrame.SYN, 1, YamuxStream.MAX_RECEIVE_WINDOW + 1));
    assertThat(error().reason()).isEqualTo(DropReason.YAMUX_WINDOW);
  }

  @Test
  void consumedDataReopensTheWindowDoubled() {
    EmbeddedChannel ch = session(false, 4);
    ch.writeInbound(data(YamuxFrame.SYN, 1, 200 * 1024));
    ch.writeInbound(data(0, 1, 200 * 1024));
    ch.writeInbound(data(0, 1, 200 * 1024));
    assertThat(errors).isEmpty();
    assertThat(received.readableBytes()).isEqualTo(600 * 1024);
    // 200 KiB read of a 256 KiB window: given back, plus 256 KiB (a 512 KiB window); then 400 KiB
    // read of 512 KiB: given back, plus 512 KiB (1 MiB).
    assertThat(windowUpdates(ch)).containsExactly(456L * 1024, 912L * 1024);
    // The window is 1 MiB now, all of it free: a frame larger than the first window fits.
    ch.writeInbound(data(0, 1, 1024 * 1024));
    assertThat(errors).isEmpty();
    assertThat(received.readableBytes()).isEqualTo(1624 * 1024);
  }

  @Test
  void aReaderThatKeepsUpGrowsTheWindowToFourMiBAndNoFurther() {
    EmbeddedChannel ch = session(false, 4);
    int frames = 256; // 16 MiB in 64 KiB frames, each read at once
    ch.writeInbound(data(YamuxFrame.SYN, 1, 64 * 1024));
    long granted = YamuxFrame.INITIAL_WINDOW;
    long sent = 64 * 1024;
    for (int i = 1; i < frames; i++) {
      granted += windowUpdates(ch).stream().mapToLong(Long::longValue).sum();
      // The peer may send whatever the window allows; it is never asked to stop.
      assertThat(granted - sent).isPositive();
      ch.writeInbound(data(0, 1, 64 * 1024));
      sent += 64 * 1024;
    }
    granted += windowUpdates(ch).stream().mapToLong(Long::longValue).sum();
    assertThat(errors).isEmpty();
    assertThat(received.readableBytes()).isEqualTo(frames * 64 * 1024);
    // All was read, so what the peer may still send is the window: grown from 256 KiB to 4 MiB,
    // less the bytes read since the last update (at most half of it).
    assertThat(granted - sent)
        .isLessThanOrEqualTo(YamuxStream.MAX_RECEIVE_WINDOW)
        .isGreaterThanOrEqualTo(YamuxStream.MAX_RECEIVE_WINDOW / 2);
  }

  @Test
  void aReaderThatStopsGetsNoWindowBack() {
    autoRead = false; // only the first read is asked for: one frame is consumed, the rest waits
    EmbeddedChannel ch = session(false, 4);
    ch.writeInbound(data(YamuxFrame.SYN, 1, 100 * 1024));
    ch.writeInbound(data(0, 1, 100 * 1024));
    ch.writeInbound(data(0, 1, 50 * 1024));
    assertThat(errors).isEmpty();
    assertThat(received.readableBytes()).isEqualTo(100 * 1024);
    assertThat(windowUpdates(ch)).isEmpty();
  }

  /** The window increments (WindowUpdate frames without flags) the session wrote. */
  private static List<Long> windowUpdates(EmbeddedChannel ch) {
    return written(ch).stream()
        .filter(f -> f[0] == YamuxFrame.WINDOW_UPDATE && f[1] == 0)
        .map(f -> f[3])
        .toList();
  }

  @Test
  void streamsPastTheLimitAreResetAndAFloodDropsTheConnection() {
    EmbeddedChannel ch = session(false, 2);
    for (int id = 1; id <= 5; id += 2) {
      ch.writeInbound(frame(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, id, 0, null));
    }
    assertThat(accepted).hasSize(2);
    assertThat(written(ch))
        .last()
        .isEqualTo(new long[] {YamuxFrame.WINDOW_UPDATE, YamuxFrame.RST, 5, 0});
    assertThat(errors).isEmpty();
    for (int i = 0; i < YamuxSession.MAX_REFUSED_STREAMS; i++) {
      ch.writeInbound(frame(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 7 + 2 * i, 0, null));
    }
    assertThat(error().reason()).isEqualTo(DropReason.STREAM_FLOOD);
  }

  @Test
  void streamIdsMustHaveThePeersParityAndIncrease() {
    EmbeddedChannel ch = session(false, 4);
    ch.writeInbound(frame(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 2, 0, null));
    assertThat(error().reason()).isEqualTo(DropReason.YAMUX_PROTOCOL);
    errors.clear();
    EmbeddedChannel other = session(false, 4);
    other.writeInbound(frame(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 3, 0, null));
    other.writeInbound(frame(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 3, 0, null));
    assertThat(error().getMessage()).isEqualTo("peer X opened stream 3 twice");
  }

  @Test
  void outboundDataStaysWithinThePeersWindowAndWritabilityFollowsIt() {
    EmbeddedChannel ch = session(true, 4);
    YamuxSession session = ch.pipeline().get(YamuxSession.class);
    YamuxStream s = session.open();
    assertThat(s.streamId()).isEqualTo(1);
    ch.flush();
    assertThat(written(ch))
        .containsExactly(new long[] {YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 1, 0});
    s.writeAndFlush(Unpooled.wrappedBuffer(new byte[300 * 1024]));
    ch.runPendingTasks(); // the socket took each frame: the stream goes on as it drains
    List<long[]> frames = written(ch);
    assertThat(frames.stream().mapToLong(f -> f[3]).sum()).isEqualTo(256 * 1024);
    assertThat(s.isWritable()).isFalse();
    ch.writeInbound(frame(YamuxFrame.WINDOW_UPDATE, YamuxFrame.ACK, 1, 64 * 1024, null));
    assertThat(written(ch).stream().mapToLong(f -> f[3]).sum()).isEqualTo(44 * 1024);
    assertThat(s.isWritable()).isTrue();
    ch.writeInbound(frame(YamuxFrame.WINDOW_UPDATE, YamuxFrame.RST, 1, 0, null));
    assertThat(s.isOpen()).isFalse();
    assertThat(session.openStreams()).isZero();
  }

  @Test
  void aProtocolHandlerThatThrowsResetsItsStream() {
    EmbeddedChannel ch = session(false, 4);
    ch.writeInbound(frame(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 1, 0, null));
    YamuxStream s = accepted.get(0);
    s.pipeline()
        .addFirst(
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ((ByteBuf) msg).release();
                throw new IllegalStateException("the protocol cannot parse this");
              }
            });
    written(ch);
    ch.writeInbound(frame(YamuxFrame.DATA, 0, 1, 1, new byte[] {1}));
    ch.runPendingTasks();
    assertThat(s.isOpen()).isFalse();
    assertThat(written(ch))
        .containsExactly(new long[] {YamuxFrame.WINDOW_UPDATE, YamuxFrame.RST, 1, 0});
    assertThat(errors).isEmpty();
  }
}
