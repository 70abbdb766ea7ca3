package io.cairn.retrieval.p2p.kad;

import io.cairn.retrieval.p2p.UvarintFrames;
import io.cairn.storage.Varint;
import io.cairn.storage.codec.CodecException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Kad messages on a stream: each is a uvarint length then that many bytes of protobuf, at most
 * {@link KadCodec#MAX_MESSAGE_BYTES}. The decoder emits {@link KadCodec.Decoded}; it fails with a
 * {@link CodecException} on an oversized length or a message that does not decode.
 */
final class KadFraming {
  private KadFraming() {}

  static final class Decoder extends UvarintFrames.Decoder {
    Decoder() {
      this(null);
    }

    /**
     * @param partialTimeout how long a message may stay incomplete; null for no limit
     */
    Decoder(java.time.Duration partialTimeout) {
      super("kad message", KadCodec.MAX_MESSAGE_BYTES, partialTimeout);
    }

    @Override
    protected Object decodeBody(byte[] body) {
      return KadCodec.decode(body);
    }
  }

  static final class Encoder extends MessageToByteEncoder<KadMessage> {
    Encoder() {
      super(KadMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, KadMessage msg, ByteBuf out) {
      byte[] body = KadCodec.encode(msg);
      out.writeBytes(Varint.encode(body.length)).writeBytes(body);
    }
  }
}
