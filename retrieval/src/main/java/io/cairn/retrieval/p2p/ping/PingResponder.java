package io.cairn.retrieval.p2p.ping;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;

/** Echoes each 32-byte ping as it completes; closes when the pinger closes. */
final class PingResponder extends ChannelInboundHandlerAdapter {
  private ByteBuf partial;

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    partial = ctx.alloc().buffer(Ping.SIZE);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    try {
      while (in.isReadable()) {
        int n = Math.min(in.readableBytes(), Ping.SIZE - partial.readableBytes());
        partial.writeBytes(in, n);
        if (partial.readableBytes() == Ping.SIZE) {
          ctx.write(partial.retainedDuplicate());
          partial.clear();
        }
      }
    } finally {
      in.release();
    }
    ctx.flush();
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
