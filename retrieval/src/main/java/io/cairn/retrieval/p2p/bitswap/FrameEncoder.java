package io.cairn.retrieval.p2p.bitswap;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes a {@link BitswapMessage} as its uvarint length and its protobuf bytes, into one buffer of
 * exactly that size, each block's data copied once.
 */
@Sharable
final class FrameEncoder extends MessageToMessageEncoder<BitswapMessage> {
  static final FrameEncoder INSTANCE = new FrameEncoder();

  private FrameEncoder() {
    super(BitswapMessage.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, BitswapMessage msg, List<Object> out) {
    BitswapCodec.Encoding encoding = new BitswapCodec.Encoding(msg);
    int length = encoding.bodySize();
    if (length > BitswapMessage.MAX_MESSAGE_SIZE) {
      throw new IllegalStateException(
          "bitswap message of " + length + " bytes is over the limit; split it");
    }
    ByteBuf buf = ctx.alloc().buffer(BitswapCodec.varintSize(length) + length);
    try {
      BitswapCodec.writeVarint(buf, length);
      encoding.writeBody(buf);
    } catch (RuntimeException e) {
      buf.release();
      throw e;
    }
    out.add(buf);
  }
}
