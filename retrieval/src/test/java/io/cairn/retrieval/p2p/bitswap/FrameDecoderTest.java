package io.cairn.retrieval.p2p.bitswap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.codec.CodecException;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
  @Test
  void joinsSplitFramesAndSplitsJoinedOnes() {
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(100));

    ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {3, 'a'}));
    Object none = ch.readInbound();
    assertThat(none).isNull();
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'b', 'c', 1, 'd', 2}));
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'e', 'f'}));

    assertThat((byte[]) ch.readInbound()).isEqualTo("abc".getBytes());
    assertThat((byte[]) ch.readInbound()).isEqualTo("d".getBytes());
    assertThat((byte[]) ch.readInbound()).isEqualTo("ef".getBytes());
  }

  @Test
  void refusesOversizedLengthBeforeBufferingTheBody() {
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(4 * 1024 * 1024));
    // 4 MiB + 1 as a uvarint, with no body at all.
    byte[] prefix = {(byte) 0x81, (byte) 0x80, (byte) 0x80, 0x02};

    assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(prefix)))
        .isInstanceOf(DecoderException.class)
        .hasCauseInstanceOf(CodecException.class)
        .hasMessageContaining("4194305 bytes is over the limit");
  }

  @Test
  void encoderWritesLengthThenMessage() {
    EmbeddedChannel ch = new EmbeddedChannel(FrameEncoder.INSTANCE, new FrameDecoder(1 << 20));
    BitswapMessage m =
        new BitswapMessage(java.util.List.of(), true, java.util.List.of(), java.util.List.of(), 0);

    ch.writeOutbound(m);
    io.netty.buffer.ByteBuf out = ch.readOutbound();
    ch.writeInbound(out);

    assertThat(BitswapCodec.decode((byte[]) ch.readInbound()).full()).isTrue();
  }
}
