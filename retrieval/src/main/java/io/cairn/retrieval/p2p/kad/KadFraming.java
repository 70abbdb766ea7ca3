package io.cairn.retrieval.p2p.kad;

import io.cairn.storage.Varint;
import io.cairn.storage.codec.CodecException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.MessageToByteEncoder;
import java.util.List;

/**
 * Kad messages on a stream: each is a uvarint length then that many bytes of protobuf, at most
 * {@link KadCodec#MAX_MESSAGE_BYTES}. The decoder emits {@link KadCodec.Decoded}; it fails with a
 * {@link CodecException} on an oversized length or a message that does not decode.
 */
final class KadFraming {
  private KadFraming() {}

  static final class Decoder extends ByteToMessageDecoder {
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      while (in.isReadable()) {
        in.markReaderIndex();
        long length = 0;
        int shift = 0;
        boolean complete = false;
        while (in.isReadable() && shift < 7 * Varint.MAX_BYTES) {
          int b = in.readUnsignedByte();
          length |= (long) (b & 0x7F) << shift;
          shift += 7;
          if ((b & 0x80) == 0) {
            complete = true;
            break;
          }
          if (length > KadCodec.MAX_MESSAGE_BYTES) {
            break;
          }
        }
        if (length > KadCodec.MAX_MESSAGE_BYTES) {
          throw new CodecException(
              "kad message length "
                  + length
                  + " is over the limit of "
                  + KadCodec.MAX_MESSAGE_BYTES);
        }
        if (!complete) {
          if (shift >= 7 * Varint.MAX_BYTES) {
            throw new CodecException("kad message length prefix is longer than 9 bytes");
          }
          in.resetReaderIndex();
          return;
        }
        if (in.readableBytes() < length) {
          in.resetReaderIndex();
          return;
        }
        byte[] body = new byte[(int) length];
        in.readBytes(body);
        out.add(KadCodec.decode(body));
      }
    }
  }

  static final class Encoder extends MessageToByteEncoder<KadMessage> {
    Encoder() {
      super(KadMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, KadMessage msg, ByteBuf out) {
      byte[] body = KadCodec.encode(msg);
      byte[] prefix = Varint.encode(body.length);
      out.writeBytes(prefix).writeBytes(body);
    }
  }
}
