package io.cairn.retrieval.p2p.ping;

import io.cairn.retrieval.p2p.Stream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;

/**
 * Echoes each 32-byte ping as it completes; closes when the pinger closes. A pinger waits for each
 * echo, so one that has more than {@link #MAX_PENDING_ECHOES} echoes not yet on the socket (it
 * sends pings and does not read) gets its stream reset.
 */
final class PingResponder extends ChannelInboundHandlerAdapter {
  static final int MAX_PENDING_ECHOES = 8;

  private ByteBuf partial;
  private int pending;
  private boolean refused;

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    partial = ctx.alloc().buffer(Ping.SIZE);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    try {
      while (in.isReadable() && !refused) {
        int n = Math.min(in.readableBytes(), Ping.SIZE - partial.readableBytes());
        partial.writeBytes(in, n);
        if (partial.readableBytes() == Ping.SIZE) {
          if (++pending > MAX_PENDING_ECHOES) {
            refused = true;
            if (ctx.channel() instanceof Stream s) {
              s.reset();
            } else {
              ctx.close();
            }
            return;
          }
          ctx.writeAndFlush(partial.retainedDuplicate()).addListener(f -> pending--);
          partial.clear();
        }
      }
    } finally {
      in.release();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      ctx.close();
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    partial.release();
  }
}
