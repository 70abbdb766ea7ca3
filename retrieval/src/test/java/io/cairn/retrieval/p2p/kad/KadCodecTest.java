package io.cairn.retrieval.p2p.kad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import io.cairn.storage.Varint;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.KeyProtobuf;
import io.cairn.storage.codec.Protobuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KadCodecTest {
  private final Random random = new Random(11);

  private PeerId peer() {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return PeerId.fromPublicKey(KeyProtobuf.encode(KeyProtobuf.ED25519, key));
  }

  private byte[] peerField(PeerId id, List<byte[]> addrs) {
    Protobuf.Writer w = new Protobuf.Writer().bytes(1, id.bytes());
    addrs.forEach(a -> w.bytes(2, a));
    return w.toByteArray();
  }

  @Test
  void roundTripsEveryField() {
    PeerId a = peer();
    PeerId b = peer();
    KadMessage m =
        new KadMessage(
            KadMessage.Type.GET_PROVIDERS,
            new byte[] {1, 2, 3},
            new KadMessage.Record(new byte[] {9}, new byte[] {8, 7}, "2026-01-01"),
            List.of(
                new KadMessage.Peer(
                    a,
                    List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")),
                    KadMessage.Connectedness.CONNECTED)),
            List.of(new KadMessage.Peer(b, List.of(), KadMessage.Connectedness.CAN_CONNECT)),
            7);

    KadCodec.Decoded d = KadCodec.decode(KadCodec.encode(m));

    assertThat(d.misbehaved()).isFalse();
    KadMessage back = d.message();
    assertThat(back.type()).isEqualTo(KadMessage.Type.GET_PROVIDERS);
    assertThat(back.key()).containsExactly(1, 2, 3);
    assertThat(back.record().value()).containsExactly(8, 7);
    assertThat(back.record().timeReceived()).isEqualTo("2026-01-01");
    assertThat(back.closerPeers()).isEqualTo(m.closerPeers());
    assertThat(back.providerPeers()).isEqualTo(m.providerPeers());
    assertThat(back.clusterLevelRaw()).isEqualTo(7);
  }

  @Test
  void encodesFieldsWithTheSpecNumbers() {
    byte[] bytes = KadCodec.encode(KadMessage.request(KadMessage.Type.FIND_NODE, new byte[] {5}));
    // type = 1 (varint 4), key = 2 (bytes {5})
    assertThat(bytes).containsExactly(0x08, 4, 0x12, 1, 5);
  }

  @Test
  void dropsAndCountsAddressesThatDoNotParse() {
    PeerId a = peer();
    byte[] good = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001").bytes();
    byte[] bogus = {(byte) 0xFF, (byte) 0xFF, 0x03, 1, 2};
    byte[] msg =
        new Protobuf.Writer()
            .varint(1, 4)
            .bytes(8, peerField(a, List.of(bogus, good, new byte[0])))
            .toByteArray();

    KadCodec.Decoded d = KadCodec.decode(msg);

    assertThat(d.droppedAddrs()).isEqualTo(2);
    assertThat(d.misbehaved()).isTrue();
    assertThat(d.message().closerPeers()).hasSize(1);
    assertThat(d.message().closerPeers().get(0).addrs())
        .containsExactly(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"));
  }

  @Test
  void truncatesTooManyCloserPeersAndCountsThem() {
    Protobuf.Writer w = new Protobuf.Writer().varint(1, 4);
    List<PeerId> sent = new ArrayList<>();
    for (int i = 0; i < KadCodec.MAX_PEERS + 5; i++) {
      PeerId p = peer();
      sent.add(p);
      w.bytes(8, peerField(p, List.of()));
    }

    KadCodec.Decoded d = KadCodec.decode(w.toByteArray());

    assertThat(d.truncatedPeers()).isEqualTo(5);
    assertThat(d.misbehaved()).isTrue();
    assertThat(d.message().closerPeers())
        .extracting(KadMessage.Peer::id)
        .containsExactlyElementsOf(sent.subList(0, KadCodec.MAX_PEERS));
  }

  @Test
  void rejectsAnUnknownMessageTypeNamingTheField() {
    byte[] msg = new Protobuf.Writer().varint(1, 9).toByteArray();
    assertThatThrownBy(() -> KadCodec.decode(msg))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("field type")
        .hasMessageContaining("unknown message type 9");
  }

  @Test
  void aMissingTypeIsPutValueAsProto3LeavesDefaultsOut() {
    byte[] msg = new Protobuf.Writer().bytes(2, new byte[] {1}).toByteArray();
    assertThat(KadCodec.decode(msg).message().type()).isEqualTo(KadMessage.Type.PUT_VALUE);
  }

  @Test
  void rejectsAWrongWireTypeNamingTheField() {
    byte[] msg = new Protobuf.Writer().varint(1, 4).varint(2, 5).toByteArray();
    assertThatThrownBy(() -> KadCodec.decode(msg))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("field key has wire type 0");
  }

  @Test
  void rejectsAPeerWhoseIdIsNotAPeerId() {
    byte[] badPeer = new Protobuf.Writer().bytes(1, new byte[] {0x12, 3, 1, 2, 3}).toByteArray();
    byte[] msg = new Protobuf.Writer().varint(1, 4).bytes(9, badPeer).toByteArray();
    assertThatThrownBy(() -> KadCodec.decode(msg))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("providerPeers[0].id is not a peer ID");
  }

  @Test
  void rejectsAPeerWithoutId() {
    byte[] noId = new Protobuf.Writer().varint(3, 1).toByteArray();
    byte[] msg = new Protobuf.Writer().varint(1, 4).bytes(8, noId).toByteArray();
    assertThatThrownBy(() -> KadCodec.decode(msg))
        .hasMessageContaining("closerPeers[0].id is missing");
  }

  @Test
  void skipsUnknownFields() {
    byte[] msg = new Protobuf.Writer().varint(1, 5).bytes(42, new byte[] {1, 2}).toByteArray();
    assertThat(KadCodec.decode(msg).message().type()).isEqualTo(KadMessage.Type.PING);
  }

  @Test
  void framingReassemblesSplitMessagesAndTakesSeveralFromOneBuffer() {
    EmbeddedChannel ch = new EmbeddedChannel(new KadFraming.Decoder(), new KadFraming.Encoder());
    ch.writeOutbound(KadMessage.request(KadMessage.Type.PING, new byte[0]));
    ch.writeOutbound(KadMessage.request(KadMessage.Type.FIND_NODE, new byte[] {1, 2}));
    ByteBuf both = Unpooled.buffer();
    for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
      both.writeBytes(b);
      b.release();
    }
    ch.writeInbound(both.readRetainedSlice(3));
    Object first = ch.readInbound();
    Object none = ch.readInbound();
    assertThat(first).isInstanceOf(KadCodec.Decoded.class);
    assertThat(none).isNull();
    ch.writeInbound(both);
    KadCodec.Decoded second = ch.readInbound();
    assertThat(second.message().type()).isEqualTo(KadMessage.Type.FIND_NODE);
    assertThat(second.message().key()).containsExactly(1, 2);
  }

  @Test
  void framingRefusesAnOversizedLengthBeforeReadingTheBody() {
    EmbeddedChannel ch = new EmbeddedChannel(new KadFraming.Decoder());
    ByteBuf prefix = Unpooled.wrappedBuffer(Varint.encode(KadCodec.MAX_MESSAGE_BYTES + 1L));
    assertThatThrownBy(() -> ch.writeInbound(prefix))
        .isInstanceOf(DecoderException.class)
        .hasMessageContaining("over the limit");
  }
}
