package io.cairn.node.p2p.deal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.Varint;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.Protobuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DealProposalCodecTest {
  private static final Cid ROOT =
      Cid.compute(
          1, Multicodec.DAG_PB.code(), HashFunction.SHA2_256, "x".getBytes(StandardCharsets.UTF_8));

  @Test
  void proposalAndAnswerRoundTrip() {
    DealProposal p = new DealProposal(BigInteger.TWO.pow(255).add(BigInteger.ONE), ROOT);
    assertThat(DealProposalCodec.decodeProposal(DealProposalCodec.encode(p))).isEqualTo(p);
    DealProposal small = new DealProposal(BigInteger.valueOf(200), ROOT);
    assertThat(DealProposalCodec.decodeProposal(DealProposalCodec.encode(small))).isEqualTo(small);
    DealProposals.Answer a = new DealProposals.Answer(false, "deal 7 is active, not open");
    assertThat(DealProposalCodec.decodeAnswer(DealProposalCodec.encode(a))).isEqualTo(a);
  }

  @Test
  void rejectsProposalsThatAreNotExactlyOneDealIdAndOneCid() {
    byte[] id = {7};
    byte[] root = ROOT.bytes();
    assertRejected(new Protobuf.Writer().bytes(2, root), "deal_id is missing");
    assertRejected(new Protobuf.Writer().bytes(1, id), "root is missing");
    assertRejected(
        new Protobuf.Writer().bytes(1, id).bytes(1, id).bytes(2, root), "deal_id appears twice");
    assertRejected(
        new Protobuf.Writer().bytes(1, id).bytes(2, root).bytes(2, root), "root appears twice");
    assertRejected(
        new Protobuf.Writer().bytes(1, id).bytes(2, root).varint(3, 1), "unknown field 3");
    assertRejected(new Protobuf.Writer().varint(1, 7).bytes(2, root), "wire type 0");
    assertRejected(
        new Protobuf.Writer().bytes(1, new byte[] {0, 7}).bytes(2, root), "without leading zeros");
    assertRejected(new Protobuf.Writer().bytes(1, new byte[33]).bytes(2, root), "1 to 32 bytes");
    assertRejected(
        new Protobuf.Writer().bytes(1, id).bytes(2, new byte[] {1, 0x70, 9}), "root is not a CID");
    assertThatThrownBy(() -> DealProposalCodec.decodeProposal(new byte[] {0x0a, 0x05, 1}))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("deal proposal is malformed");
  }

  @Test
  void rejectsAnswersWithAnUnknownStatusOrTooLongAText() {
    assertThatThrownBy(
            () -> DealProposalCodec.decodeAnswer(new Protobuf.Writer().varint(1, 2).toByteArray()))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("status must be 0 (accepted) or 1 (refused), not 2");
    assertThatThrownBy(
            () ->
                DealProposalCodec.decodeAnswer(
                    new Protobuf.Writer().varint(1, 0).string(2, "y".repeat(513)).toByteArray()))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("over 512 characters");
  }

  @Test
  void framesSplitAcrossReadsAndSeveralInOneRead() {
    EmbeddedChannel ch = new EmbeddedChannel(new DealProposalCodec.FrameDecoder());
    byte[] body = DealProposalCodec.encode(new DealProposal(BigInteger.TEN, ROOT));
    ByteBuf two =
        Unpooled.buffer()
            .writeBytes(Varint.encode(body.length))
            .writeBytes(body)
            .writeBytes(Varint.encode(body.length))
            .writeBytes(body);
    ch.writeInbound(two.readRetainedSlice(5));
    assertThat(ch.inboundMessages()).isEmpty();
    ch.writeInbound(two);
    assertThat((byte[]) ch.readInbound()).isEqualTo(body);
    assertThat((byte[]) ch.readInbound()).isEqualTo(body);
    ch.finishAndReleaseAll();
  }

  @Test
  void rejectsAnOversizedFrameFromItsLengthAlone() {
    EmbeddedChannel ch = new EmbeddedChannel(new DealProposalCodec.FrameDecoder());
    ByteBuf in = Unpooled.wrappedBuffer(Varint.encode(DealProposalCodec.MAX_MESSAGE_BYTES + 1L));
    assertThatThrownBy(() -> ch.writeInbound(in))
        .isInstanceOf(DecoderException.class)
        .hasMessageContaining("deal proposal message of 1025 bytes is over the limit of 1024");
    ch.finishAndReleaseAll();
  }

  @Test
  void rejectsALengthPrefixThatNeverEnds() {
    EmbeddedChannel ch = new EmbeddedChannel(new DealProposalCodec.FrameDecoder());
    byte[] endless = new byte[12];
    java.util.Arrays.fill(endless, (byte) 0x80);
    assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(endless)))
        .isInstanceOf(DecoderException.class)
        .hasMessageContaining("length prefix is longer than 9 bytes");
    ch.finishAndReleaseAll();
  }

  private static void assertRejected(Protobuf.Writer w, String message) {
    assertThatThrownBy(() -> DealProposalCodec.decodeProposal(w.toByteArray()))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining(message);
  }
}
