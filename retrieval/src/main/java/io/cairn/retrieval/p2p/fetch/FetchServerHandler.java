package io.cairn.retrieval.p2p.fetch;

import io.cairn.retrieval.p2p.Stream;
import io.cairn.retrieval.p2p.UvarintFrames;
import io.cairn.storage.codec.CodecException;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answering side of a fetch stream: reads one request, writes the engine's answer and closes. A
 * request that does not decode, or a second frame, resets the stream.
 */
final class FetchServerHandler extends SimpleChannelInboundHandler<byte[]> {
  private static final Logger LOG = LoggerFactory.getLogger(FetchServerHandler.class);

  private final FetchEngine engine;
  private final Stream stream;
  private boolean answered;

  FetchServerHandler(FetchEngine engine, Stream stream) {
    super(byte[].class);
    this.engine = engine;
    this.stream = stream;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, byte[] frame) {
    if (answered) {
      LOG.debug("fetch: {} sent a second request on one stream", stream.remotePeer());
      stream.reset();
      return;
    }
    answered = true;
    FetchCodec.Response response = engine.answer(FetchCodec.decodeRequest(frame));
    ctx.writeAndFlush(UvarintFrames.frame(ctx.alloc(), FetchCodec.encodeResponse(response)))
        .addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable c =
        cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (c instanceof CodecException) {
      LOG.debug("fetch: {} sent a bad request: {}", stream.remotePeer(), c.getMessage());
    } else {
      LOG.debug("fetch: stream from {} failed: {}", stream.remotePeer(), c.toString());
    }
    stream.reset();
  }
}
