package io.cairn.retrieval.p2p.net;

import io.cairn.retrieval.P2pMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/** Counts the bytes a socket receives and sends. First in the pipeline. */
final class TrafficCounter extends ChannelDuplexHandler {
  private final P2pMetrics metrics;

  TrafficCounter(P2pMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b) {
      metrics.bytesIn(b.readableBytes());
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf b) {
      metrics.bytesOut(b.readableBytes());
    }
    ctx.write(msg, promise);
  }
}
