package io.cairn.retrieval.p2p.pubsub;

import io.cairn.retrieval.p2p.Stream;
import io.cairn.storage.PeerId;
import io.cairn.storage.codec.CodecException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the RPCs of one pubsub stream and hands them to the engine; on the stream this node sends
 * on, drains the peer's queue when the stream becomes writable. A frame over the limit or a
 * protobuf that does not decode drops the peer; an I/O error only closes the stream.
 */
final class PubsubStreamHandler extends SimpleChannelInboundHandler<byte[]> {
  private static final Logger LOG = LoggerFactory.getLogger(PubsubStreamHandler.class);

  private final Pubsub pubsub;
  private final Stream stream;
  private final PeerId peer;

  PubsubStreamHandler(Pubsub pubsub, Stream stream) {
    super(byte[].class);
    this.pubsub = pubsub;
    this.stream = stream;
    this.peer = stream.remotePeer();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, byte[] frame) {
    pubsub.onRpc(peer, PubsubCodec.decode(frame));
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (stream.initiator() && ctx.channel().isWritable()) {
      pubsub.writable(peer);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    // The peer's sending stream is done once it half-closes; ours stays open for writing.
    if (evt == ChannelInputShutdownEvent.INSTANCE && !stream.initiator()) {
      ctx.close();
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable c =
        cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (c instanceof CodecException) {
      pubsub.drop(peer, "sent a bad pubsub RPC: " + c.getMessage());
    } else {
      LOG.debug("pubsub stream with {} failed: {}", peer, c.toString());
    }
    ctx.close();
  }
}
