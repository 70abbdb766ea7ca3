package io.cairn.retrieval.p2p.bitswap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Payload;
import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Presence;
import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Want;
import io.cairn.retrieval.p2p.bitswap.BitswapMessage.WantType;
import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.Protobuf;
import io.cairn.storage.testing.TestData;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BitswapCodecTest {
  private static final Block RAW = Block.create(Multicodec.RAW, TestData.bytes(1, 3000));
  private static final Block V0 =
      Block.create(0, Multicodec.DAG_PB.code(), HashFunction.SHA2_256, TestData.bytes(2, 100));

  @Test
  void roundTripsEveryField() {
    BitswapMessage m =
        new BitswapMessage(
            List.of(
                Want.have(RAW.cid(), 7),
                Want.block(V0.cid(), 1),
                Want.cancel(RAW.cid()),
                new Want(V0.cid(), -3, false, WantType.HAVE, false)),
            true,
            List.of(Payload.of(RAW.cid(), RAW.data()), Payload.of(V0.cid(), V0.data())),
            List.of(new Presence(RAW.cid(), true), new Presence(V0.cid(), false)),
            12345);

    BitswapMessage back = BitswapCodec.decode(BitswapCodec.encode(m));

    assertThat(back.wants()).isEqualTo(m.wants());
    assertThat(back.full()).isTrue();
    assertThat(back.presences()).isEqualTo(m.presences());
    assertThat(back.pendingBytes()).isEqualTo(12345);
    assertThat(back.blocks()).hasSize(2);
    assertThat(back.blocks().get(0).prefix().cid(back.blocks().get(0).data())).isEqualTo(RAW.cid());
    assertThat(back.blocks().get(1).prefix().cid(back.blocks().get(1).data())).isEqualTo(V0.cid());
  }

  @Test
  void decodesMessageWrittenFieldByFieldAsTheSpecNumbersThem() {
    byte[] entry =
        new Protobuf.Writer()
            .bytes(1, RAW.cid().bytes())
            .varint(2, 5)
            .varint(4, 1)
            .varint(5, 1)
            .toByteArray();
    byte[] wantlist = new Protobuf.Writer().bytes(1, entry).varint(2, 1).toByteArray();
    byte[] prefix = {0x01, 0x55, 0x12, 0x20};
    byte[] payload = new Protobuf.Writer().bytes(1, prefix).bytes(2, RAW.data()).toByteArray();
    byte[] presence = new Protobuf.Writer().bytes(1, V0.cid().bytes()).varint(2, 1).toByteArray();
    byte[] msg =
        new Protobuf.Writer()
            .bytes(1, wantlist)
            .bytes(3, payload)
            .bytes(4, presence)
            .varint(5, 9)
            .varint(99, 1)
            .toByteArray();

    BitswapMessage m = BitswapCodec.decode(msg);

    assertThat(m.wants()).containsExactly(new Want(RAW.cid(), 5, false, WantType.HAVE, true));
    assertThat(m.full()).isTrue();
    assertThat(m.blocks().get(0).prefix()).isEqualTo(new CidPrefix(1, 0x55, 0x12, 32));
    assertThat(m.blocks().get(0).prefix().cid(m.blocks().get(0).data())).isEqualTo(RAW.cid());
    assertThat(m.presences()).containsExactly(new Presence(V0.cid(), false));
    assertThat(m.pendingBytes()).isEqualTo(9);
    assertThat(CidPrefix.of(RAW.cid()).encode()).isEqualTo(prefix);
  }

  /**
   * The encoder writes the message straight into its buffer; its bytes are those of the message
   * built field by field, and a frame is the body's uvarint length then the body.
   */
  @Test
  void encodesFieldByFieldAsTheSpecNumbersThemAndFramesWithTheLength() {
    Block big = Block.create(Multicodec.RAW, TestData.bytes(3, 300_000));
    byte[] entry = new Protobuf.Writer().bytes(1, RAW.cid().bytes()).varint(2, 5).toByteArray();
    byte[] wantlist = new Protobuf.Writer().bytes(1, entry).toByteArray();
    byte[] presence = new Protobuf.Writer().bytes(1, V0.cid().bytes()).varint(2, 1).toByteArray();
    Protobuf.Writer expected = new Protobuf.Writer().bytes(1, wantlist);
    for (Block b : List.of(big, V0)) {
      expected.bytes(
          3,
          new Protobuf.Writer()
              .bytes(1, CidPrefix.of(b.cid()).encode())
              .bytes(2, b.data())
              .toByteArray());
    }
    byte[] body = expected.bytes(4, presence).varint(5, 77).toByteArray();
    BitswapMessage m =
        new BitswapMessage(
            List.of(new Want(RAW.cid(), 5, false, WantType.BLOCK, false)),
            false,
            List.of(Payload.of(big.cid(), big.data()), Payload.of(V0.cid(), V0.data())),
            List.of(new Presence(V0.cid(), false)),
            77);

    assertThat(BitswapCodec.encode(m)).isEqualTo(body);
    EmbeddedChannel ch = new EmbeddedChannel(FrameEncoder.INSTANCE);
    ch.writeOutbound(m);
    ByteBuf frame = ch.readOutbound();
    byte[] wire = ByteBufUtil.getBytes(frame);
    frame.release();
    // 300,000 bytes of block and a little more: a three-byte uvarint.
    assertThat(Arrays.copyOfRange(wire, 3, wire.length)).isEqualTo(body);
    assertThat(wire[0] & 0xFF | (wire[1] & 0x7F) << 7 | (wire[2] & 0xFF) << 14)
        .isEqualTo(body.length);
    assertThat(BitswapCodec.encode(BitswapMessage.ofWants(List.of()))).isEmpty();
  }

  @Test
  void readsBitswap100BlocksAsCidV0() {
    byte[] msg = new Protobuf.Writer().bytes(2, V0.data()).toByteArray();

    Payload p = BitswapCodec.decode(msg).blocks().get(0);

    assertThat(p.prefix().cid(p.data())).isEqualTo(V0.cid());
  }

  @Test
  void rejectsWantlistWithWrongWireType() {
    byte[] msg = new Protobuf.Writer().varint(1, 3).toByteArray();

    assertThatThrownBy(() -> BitswapCodec.decode(msg))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("wantlist");
  }

  @Test
  void rejectsUnknownWantType() {
    byte[] entry = new Protobuf.Writer().bytes(1, RAW.cid().bytes()).varint(4, 2).toByteArray();
    byte[] msg =
        new Protobuf.Writer()
            .bytes(1, new Protobuf.Writer().bytes(1, entry).toByteArray())
            .toByteArray();

    assertThatThrownBy(() -> BitswapCodec.decode(msg))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("wantType is 2");
  }

  @Test
  void rejectsEntryWithoutCidAndEntryWithBadCid() {
    byte[] noCid = new Protobuf.Writer().varint(2, 1).toByteArray();
    byte[] badCid = new Protobuf.Writer().bytes(1, new byte[] {0x01, 0x55, 0x12}).toByteArray();

    assertThatThrownBy(() -> BitswapCodec.decode(wantlistOf(noCid)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("entry 0")
        .hasMessageContaining("block (the CID) is missing");
    assertThatThrownBy(() -> BitswapCodec.decode(wantlistOf(badCid)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("field block is not a binary CID");
  }

  @Test
  void rejectsBlockOverTwoMebibytes() {
    byte[] big = new byte[BlockStore.MAX_BLOCK_SIZE + 1];
    byte[] payload =
        new Protobuf.Writer()
            .bytes(1, new byte[] {1, 0x55, 0x12, 0x20})
            .bytes(2, big)
            .toByteArray();
    byte[] msg = new Protobuf.Writer().bytes(3, payload).toByteArray();

    assertThatThrownBy(() -> BitswapCodec.decode(msg))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("field data holds a block of 2097153 bytes");
  }

  @Test
  void rejectsPayloadWithoutPrefix() {
    byte[] noPrefix = new Protobuf.Writer().bytes(2, new byte[3]).toByteArray();

    assertThatThrownBy(
            () -> BitswapCodec.decode(new Protobuf.Writer().bytes(3, noPrefix).toByteArray()))
        .hasMessageContaining("field prefix is missing");
  }

  @Test
  void readsPayloadWithoutDataAsTheEmptyBlock() {
    // proto3 leaves empty bytes out: Helia sends the empty raw block (an empty file's leaf) so.
    Block empty = Block.create(Multicodec.RAW, new byte[0]);
    byte[] noData = new Protobuf.Writer().bytes(1, new byte[] {1, 0x55, 0x12, 0x20}).toByteArray();

    BitswapMessage m = BitswapCodec.decode(new Protobuf.Writer().bytes(3, noData).toByteArray());

    assertThat(m.blocks()).hasSize(1);
    assertThat(m.blocks().get(0).data()).isEmpty();
    assertThat(m.blocks().get(0).prefix().cid(m.blocks().get(0).data())).isEqualTo(empty.cid());
  }

  @Test
  void rejectsTruncatedMessageAndBadPresenceType() {
    byte[] full = BitswapCodec.encode(BitswapMessage.ofWants(List.of(Want.have(RAW.cid(), 1))));
    byte[] presence = new Protobuf.Writer().bytes(1, RAW.cid().bytes()).varint(2, 5).toByteArray();

    assertThatThrownBy(() -> BitswapCodec.decode(java.util.Arrays.copyOf(full, full.length - 3)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("claims");
    assertThatThrownBy(
            () -> BitswapCodec.decode(new Protobuf.Writer().bytes(4, presence).toByteArray()))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("field type is 5");
  }

  @Test
  void rejectsMessageOverFourMebibytes() {
    assertThatThrownBy(() -> BitswapCodec.decode(new byte[BitswapMessage.MAX_MESSAGE_SIZE + 1]))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("over the limit of 4194304");
  }

  @Test
  void prefixRefusesHashesItCannotCheckAndWrongDigestLengths() {
    assertThatThrownBy(() -> new CidPrefix(1, 0x55, 0x1012, 32).cid(new byte[1]))
        .hasMessageContaining("hash function 0x1012");
    assertThatThrownBy(() -> new CidPrefix(1, 0x55, 0x12, 20).cid(new byte[1]))
        .hasMessageContaining("digest of 20 bytes, not 32");
    assertThatThrownBy(() -> new CidPrefix(0, 0x55, 0x12, 32).cid(new byte[1]))
        .hasMessageContaining("CIDv0");
    assertThatThrownBy(() -> CidPrefix.decode(new byte[] {1, 0x55, 0x12, 0x20, 0}))
        .hasMessageContaining("trailing");
  }

  private static byte[] wantlistOf(byte[] entry) {
    return new Protobuf.Writer()
        .bytes(1, new Protobuf.Writer().bytes(1, entry).toByteArray())
        .toByteArray();
  }
}
