package io.cairn.storage.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.unixfs.UnixFsData;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DagPbTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void emptyFileNodeHasKuboCid() {
    byte[] data =
        new UnixFsData(UnixFsData.Type.FILE, null, 0L, List.of(), null, null, null, null).encode();
    byte[] block = DagPb.encode(PbNode.of(data, List.of()));
    assertThat(HEX.formatHex(block)).isEqualTo("0a0408021800");
    assertThat(Cid.compute(0, Multicodec.DAG_PB.code(), HashFunction.SHA2_256, block))
        .hasToString("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");
  }

  @Test
  void emptyDirectoryHasKuboCid() {
    byte[] block = DagPb.encode(PbNode.of(UnixFsData.directory().encode(), List.of()));
    assertThat(Cid.compute(0, Multicodec.DAG_PB.code(), HashFunction.SHA2_256, block))
        .hasToString("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
  }

  @Test
  void encodesLinksBeforeDataSortedByNameAndRoundTrips() {
    Cid a = Cid.parse("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");
    Cid b = Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
    PbNode node = PbNode.of(new byte[] {8, 1}, List.of(PbLink.of("b", b, 4), PbLink.of("a", a, 6)));
    byte[] block = DagPb.encode(node);
    assertThat(block[0]).isEqualTo((byte) 0x12);
    PbNode back = DagPb.decode(block);
    assertThat(back.links()).extracting(PbLink::name).containsExactly("a", "b");
    assertThat(back.data()).containsExactly(8, 1);
    assertThat(DagPb.encode(back)).isEqualTo(block);
  }

  @Test
  void keepsAbsentFieldsAbsent() {
    Cid a = Cid.parse("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");
    PbNode node = new PbNode(List.of(new PbLink(a, null, null)), null);
    PbNode back = DagPb.decode(DagPb.encode(node));
    assertThat(back).isEqualTo(node);
    assertThat(back.data()).isNull();
    assertThat(DagPb.decode(new byte[0])).isEqualTo(new PbNode(List.of(), null));
  }

  @Test
  void rejectsDataBeforeLinks() {
    byte[] link =
        DagPb.encode(
            new PbNode(
                List.of(
                    PbLink.of("", Cid.parse("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH"), 1)),
                null));
    byte[] dataThenLink = concat(HEX.parseHex("0a00"), link);
    assertThatThrownBy(() -> DagPb.decode(dataThenLink)).hasMessageContaining("after Data");
  }

  @Test
  void rejectsUnknownRepeatedAndMistypedFields() {
    assertThatThrownBy(() -> DagPb.decode(HEX.parseHex("1801")))
        .hasMessageContaining("unknown field 3");
    assertThatThrownBy(() -> DagPb.decode(HEX.parseHex("0a000a00")))
        .hasMessageContaining("after Data");
    assertThatThrownBy(() -> DagPb.decode(HEX.parseHex("0801"))).hasMessageContaining("wire type");
    assertThatThrownBy(() -> DagPb.decode(HEX.parseHex("0a05ff")))
        .hasMessageContaining("claims 5 bytes");
    // A link with only a Tsize has no Hash.
    assertThatThrownBy(() -> DagPb.decode(HEX.parseHex("12021801")))
        .hasMessageContaining("no Hash");
    // Name before Hash.
    assertThatThrownBy(() -> DagPb.decode(HEX.parseHex("1203120161")))
        .hasMessageContaining("no Hash");
    assertThatThrownBy(() -> DagPb.decode(HEX.parseHex("12061201611201 62".replace(" ", ""))))
        .hasMessageContaining("repeated or out of order");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
