package io.cairn.retrieval.p2p.bitswap;

import io.cairn.storage.codec.CodecException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a stream into uvarint-length-prefixed messages, handing each on as a {@code byte[]}.
 * Refuses a length over the limit as soon as the prefix is read, before buffering the message.
 */
final class FrameDecoder extends ByteToMessageDecoder {
  private final int maxLength;

  FrameDecoder(int maxLength) {
    this.maxLength = maxLength;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.isReadable()) {
      int start = in.readerIndex();
      long length = 0;
      int i = 0;
      boolean complete = false;
      while (in.isReadable()) {
        int b = in.readByte() & 0xFF;
        length |= (long) (b & 0x7F) << (7 * i);
        i++;
        if ((b & 0x80) == 0) {
          complete = true;
          break;
        }
        if (i >= 5) {
          throw new CodecException("bitswap message length prefix is longer than 5 bytes");
        }
      }
      if (!complete) {
        in.readerIndex(start);
        return;
      }
      if (length > maxLength) {
        throw new CodecException(
            "bitswap message of " + length + " bytes is over the limit of " + maxLength);
      }
      if (in.readableBytes() < length) {
        in.readerIndex(start);
        return;
      }
      byte[] frame = new byte[(int) length];
      in.readBytes(frame);
      out.add(frame);
    }
  }
}
