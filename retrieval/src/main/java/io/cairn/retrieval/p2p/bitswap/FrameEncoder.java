package io.cairn.retrieval.p2p.bitswap;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes a {@link BitswapMessage} as its uvarint length and its protobuf bytes. */
@Sharable
final class FrameEncoder extends MessageToByteEncoder<BitswapMessage> {
  static final FrameEncoder INSTANCE = new FrameEncoder();

  private FrameEncoder() {
    super(BitswapMessage.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, BitswapMessage msg, ByteBuf out) {
    byte[] body = BitswapCodec.encode(msg);
    if (body.length > BitswapMessage.MAX_MESSAGE_SIZE) {
      throw new IllegalStateException(
          "bitswap message of " + body.length + " bytes is over the limit; split it");
    }
    int length = body.length;
    while ((length & ~0x7F) != 0) {
      out.writeByte((length & 0x7F) | 0x80);
      length >>>= 7;
    }
    out.writeByte(length);
    out.writeBytes(body);
  }
}
