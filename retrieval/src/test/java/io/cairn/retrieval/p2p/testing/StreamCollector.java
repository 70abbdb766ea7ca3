package io.cairn.retrieval.p2p.testing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;

/** Collects every byte a stream receives; completes when the peer half-closes. */
public final class StreamCollector extends ChannelInboundHandlerAdapter {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();

  public CompletableFuture<byte[]> result() {
    return result;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf b = (ByteBuf) msg;
    try {
      byte[] chunk = new byte[b.readableBytes()];
      b.readBytes(chunk);
      bytes.writeBytes(chunk);
    } finally {
      b.release();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      result.complete(bytes.toByteArray());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    result.completeExceptionally(
        new IllegalStateException("stream closed after " + bytes.size() + " bytes, without FIN"));
  }
}
