package io.cairn.retrieval.p2p.bitswap;

import io.cairn.storage.PeerId;
import io.cairn.storage.codec.CodecException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the framed messages of one Bitswap stream and hands them to the engine. A message that
 * breaks the protocol (too large, malformed) gets the peer dropped; an I/O error only closes the
 * stream.
 */
final class BitswapStreamHandler extends SimpleChannelInboundHandler<byte[]> {
  private static final Logger LOG = LoggerFactory.getLogger(BitswapStreamHandler.class);

  private final Bitswap bitswap;
  private final PeerId peer;
  private final boolean outbound;

  /**
   * @param outbound whether this node opened the stream (to send on it)
   */
  BitswapStreamHandler(Bitswap bitswap, PeerId peer, boolean outbound) {
    super(byte[].class);
    this.bitswap = bitswap;
    this.peer = peer;
    this.outbound = outbound;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, byte[] frame) {
    bitswap.onMessage(peer, BitswapCodec.decode(frame));
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (outbound && ctx.channel().isWritable()) {
      bitswap.onWritable(peer);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    // A peer's own stream is done once it half-closes. This node's sending stream stays open when
    // the peer half-closes it: Helia closes its writing side of every stream it is sent on at once.
    if (evt == ChannelInputShutdownEvent.INSTANCE && !outbound) {
      ctx.close();
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable c =
        cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (c instanceof CodecException) {
      bitswap.drop(peer, "sent a bad bitswap message: " + c.getMessage());
    } else {
      LOG.debug("bitswap stream with {} failed: {}", peer, c.toString());
    }
    ctx.close();
  }
}
