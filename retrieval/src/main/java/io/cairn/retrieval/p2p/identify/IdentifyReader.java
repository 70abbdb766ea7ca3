package io.cairn.retrieval.p2p.identify;

import io.cairn.retrieval.p2p.P2pException;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.storage.codec.CodecException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.AttributeKey;
import java.util.concurrent.CompletableFuture;

/**
 * Reads one length-prefixed Identify message: the reply on an Identify stream this side opened, or
 * a push on an Identify push stream the peer opened.
 */
final class IdentifyReader extends ChannelInboundHandlerAdapter {
  private final Stream stream;
  private final Identify engine;
  private final boolean push;
  static final AttributeKey<IdentifyReader> KEY = AttributeKey.valueOf("cairn.identify.reader");

  private final CompletableFuture<IdentifyMessage> result = new CompletableFuture<>();
  private ByteBuf buffer;

  IdentifyReader(Stream stream, Identify engine, boolean push) {
    this.stream = stream;
    this.engine = engine;
    this.push = push;
  }

  CompletableFuture<IdentifyMessage> result() {
    return result;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    buffer = ctx.alloc().buffer(1024);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    try {
      if (result.isDone()) {
        return;
      }
      if (buffer.readableBytes() + in.readableBytes() > Identify.MAX_MESSAGE + 8) {
        fail(ctx, "an Identify message over " + Identify.MAX_MESSAGE + " bytes");
        return;
      }
      buffer.writeBytes(in);
    } finally {
      in.release();
    }
    tryDecode(ctx);
  }

  private void tryDecode(ChannelHandlerContext ctx) {
    int start = buffer.readerIndex();
    long length = 0;
    int shift = 0;
    while (true) {
      if (!buffer.isReadable()) {
        buffer.readerIndex(start);
        return;
      }
      int b = buffer.readUnsignedByte();
      length |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
      shift += 7;
      if (shift > 28) {
        fail(ctx, "an Identify length prefix that does not end");
        return;
      }
    }
    if (length > Identify.MAX_MESSAGE) {
      fail(
          ctx,
          "an Identify message of " + length + " bytes (at most " + Identify.MAX_MESSAGE + ")");
      return;
    }
    if (buffer.readableBytes() < length) {
      buffer.readerIndex(start);
      return;
    }
    byte[] bytes = new byte[(int) length];
    buffer.readBytes(bytes);
    try {
      IdentifyMessage m = IdentifyMessage.decode(bytes);
      if (push) {
        engine.pushed(stream, m);
      } else {
        engine.received(stream, m);
      }
      result.complete(m);
    } catch (CodecException | P2pException e) {
      fail(ctx, "an Identify message that is not valid (" + e.getMessage() + ")");
      return;
    }
    ctx.close();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent && !result.isDone()) {
      fail(ctx, "a truncated Identify message (" + buffer.readableBytes() + " bytes)");
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    result.completeExceptionally(
        new P2pException(
            "the Identify stream to " + stream.remotePeer() + " closed before its message"));
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    buffer.release();
  }

  private void fail(ChannelHandlerContext ctx, String what) {
    result.completeExceptionally(new P2pException("peer " + stream.remotePeer() + " sent " + what));
    stream.reset();
  }
}
