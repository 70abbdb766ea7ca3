package io.cairn.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Cid;
import io.cairn.storage.InvalidCidException;
import io.cairn.storage.Multibase;
import io.cairn.storage.Multicodec;
import io.cairn.storage.Multihash;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PieceCidTest {
  private static final String V2 =
      "bafkzcibcaaces3nobte6ezpp4wqan2age2s5yxcatzotcvobhgcmv5wi2xh5mbi";
  private static final String V1 =
      "baga6ea4seaqes3nobte6ezpp4wqan2age2s5yxcatzotcvobhgcmv5wi2xh5mbi";
  private static final String ROOT =
      "496dae0cc9e265efe5a006e80626a5dc5c409e5d3155c13984caf6c8d5cfd605";

  private static String v2(String digestHex) {
    byte[] digest = HexFormat.of().parseHex(digestHex);
    return Cid.v1(Multicodec.RAW, Multihash.of(PieceCid.PIECE_MULTIHASH_V2, digest)).toString();
  }

  @Test
  void parsesAndPrintsBothVersions() {
    PieceCid p = PieceCid.parse(V2);
    assertThat(p.height()).isEqualTo(4);
    assertThat(p.padding()).isZero();
    assertThat(HexFormat.of().formatHex(p.root())).isEqualTo(ROOT);
    assertThat(p.v1().toString()).isEqualTo(V1);
    assertThat(PieceCid.fromV1(Cid.parse(V1), 512)).isEqualTo(p);
    assertThat(PieceCid.parse(p.v2().toString(Multibase.BASE16))).isEqualTo(p);
    assertThat(PieceCid.parse(" " + V2 + "\n")).isEqualTo(p);
  }

  @Test
  void sizesFollowFrc0069() {
    assertThat(PieceCid.heightFor(0)).isEqualTo(2);
    assertThat(PieceCid.paddingFor(0)).isEqualTo(127);
    assertThat(PieceCid.paddingFor(12)).isEqualTo(115);
    assertThat(PieceCid.paddingFor(254)).isZero();
    assertThat(PieceCid.heightFor(254)).isEqualTo(3);
    assertThat(PieceCid.paddingFor(256)).isEqualTo(252);
    assertThat(PieceCid.heightFor((32L << 30) / 128 * 127)).isEqualTo(30);
    assertThat(PieceCid.heightFor((32L << 30) / 128 * 127 + 1)).isEqualTo(31);
  }

  @Test
  void refusesMalformedPieceCids() {
    assertThatThrownBy(() -> PieceCid.parse(V1))
        .isInstanceOf(InvalidCidException.class)
        .hasMessageContaining("is a v1 piece CID, which does not carry the piece size");
    assertThatThrownBy(
            () -> PieceCid.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"))
        .isInstanceOf(InvalidCidException.class)
        .hasMessageContaining("is not a v2 piece CID: it needs the raw codec and the")
        .hasMessageContaining("not raw and sha2-256");
    assertThatThrownBy(() -> PieceCid.parse("bafkzcib")).isInstanceOf(InvalidCidException.class);
    assertThatThrownBy(() -> PieceCid.parse("not a cid")).isInstanceOf(InvalidCidException.class);
    // digest: padding 0, height 4, a root one byte short
    assertThatThrownBy(() -> PieceCid.parse(v2("0004" + ROOT.substring(2))))
        .isInstanceOf(InvalidCidException.class)
        .hasMessageContaining("needs a height byte and a 32-byte root after the padding");
    // padding 0 written in two bytes (0x80 0x00), which PDP's Cids.validateCommPv2 refuses too
    assertThatThrownBy(() -> PieceCid.parse(v2("800004" + ROOT)))
        .isInstanceOf(InvalidCidException.class)
        .hasMessageContaining("not minimally encoded");
    // height 4 holds 508 bytes; 254 of padding would leave a payload that fits height 3
    assertThatThrownBy(() -> PieceCid.parse(v2("fe0104" + ROOT)))
        .isInstanceOf(InvalidCidException.class)
        .hasMessageContaining("padding of 254 bytes is not valid for a tree of height 4");
    assertThatThrownBy(() -> PieceCid.parse(v2("0001" + ROOT)))
        .isInstanceOf(InvalidCidException.class)
        .hasMessageContaining("piece height 1 is not in [2, 57]");
    assertThatThrownBy(() -> PieceCid.parse(v2("003c" + ROOT)))
        .hasMessageContaining("piece height 60 is not in [2, 57]");
    assertThatThrownBy(() -> PieceCid.parse(v2("0004" + ROOT.substring(0, 62) + "c5")))
        .isInstanceOf(InvalidCidException.class)
        .hasMessageContaining("not a sha254 node");
    assertThatThrownBy(() -> PieceCid.fromV1(Cid.parse(V1), 500))
        .hasMessageContaining("not a power of two");
  }
}
