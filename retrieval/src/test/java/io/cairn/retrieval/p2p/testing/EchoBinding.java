package io.cairn.retrieval.p2p.testing;

import io.cairn.retrieval.p2p.ProtocolBinding;
import io.cairn.retrieval.p2p.Stream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.List;

/** Echoes on streams it accepts; streams it opens get no handler (the test adds its own). */
final class EchoBinding implements ProtocolBinding {
  private final String id;

  EchoBinding(String id) {
    this.id = id;
  }

  @Override
  public List<String> protocolIds() {
    return List.of(id);
  }

  @Override
  public void initStream(Stream stream) {
    if (stream.initiator()) {
      return;
    }
    stream
        .channel()
        .pipeline()
        .addLast(
            "echo",
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ctx.write(msg);
                if (!ctx.channel().isWritable()) {
                  ctx.channel().config().setAutoRead(false);
                }
              }

              @Override
              public void channelReadComplete(ChannelHandlerContext ctx) {
                ctx.flush();
              }

              @Override
              public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                if (ctx.channel().isWritable()) {
                  ctx.channel().config().setAutoRead(true);
                }
              }

              @Override
              public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof ChannelInputShutdownEvent) {
                  stream.closeWrite();
                }
              }
            });
  }
}
