package io.cairn.retrieval.p2p.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * One direction of a tunnel: writes what its channel reads to the other side's channel. Reading
 * stops while the other side cannot take more (its outbound buffer is past its high water mark, or
 * a stream's Yamux window is closed) and resumes when it drains, so a tunnel holds at most a write
 * buffer and a window per direction. The end of its input (a TCP FIN, a Yamux FIN) is passed on as
 * the end of the other side's output.
 *
 * <p>A relay may start before the other side exists (a stream that waits for its TCP target to
 * accept): it then keeps what it read, at most one read since reading is off, until {@link
 * #attach}.
 */
final class Relay extends ChannelInboundHandlerAdapter {
  private final Tunnel tunnel;
  private final boolean fromStream;
  private final ArrayDeque<ByteBuf> early = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private Channel peer;
  private boolean inputEnded;

  /**
   * @param fromStream whether this relay reads the libp2p stream (and writes the TCP connection)
   * @param peer the channel to write to, or null until {@link #attach}
   */
  Relay(Tunnel tunnel, boolean fromStream, Channel peer) {
    this.tunnel = tunnel;
    this.fromStream = fromStream;
    this.peer = peer;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * The other side is ready: sends it what was read so far, passes on an input that ended, and
   * reads on at the pace the other side takes. Any thread.
   */
  void attach(Channel other) {
    ctx.executor()
        .execute(
            () -> {
              peer = other;
              ByteBuf b;
              while ((b = early.poll()) != null) {
                peer.write(b).addListener(failure());
              }
              peer.flush();
              if (inputEnded) {
                tunnel.inputEnded(fromStream);
              }
              follow(peer, ctx.channel());
              follow(ctx.channel(), peer);
            });
  }

  /** Reads {@code reader} while {@code writer} takes more. */
  private static void follow(Channel reader, Channel writer) {
    reader.config().setAutoRead(writer.isWritable());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (peer == null) {
      early.add(buf);
      ctx.channel().config().setAutoRead(false);
      return;
    }
    peer.writeAndFlush(buf).addListener(failure());
    if (!peer.isWritable()) {
      ctx.channel().config().setAutoRead(false);
      // the other side may have drained between the look and the stop: its event came first
      if (peer.isWritable()) {
        ctx.channel().config().setAutoRead(true);
      }
    }
  }

  private ChannelFutureListener failure() {
    return (ChannelFuture f) -> {
      if (!f.isSuccess()) {
        tunnel.abort("a write failed: " + f.cause());
      }
    };
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Channel reader = peer;
    if (reader != null) {
      follow(reader, ctx.channel());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent && !inputEnded) {
      inputEnded = true;
      if (peer != null) {
        tunnel.inputEnded(fromStream);
      }
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    tunnel.inactive(fromStream);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    tunnel.abort((fromStream ? "the stream" : "the TCP connection") + " failed: " + cause);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    ByteBuf b;
    while ((b = early.poll()) != null) {
      b.release();
    }
  }
}
