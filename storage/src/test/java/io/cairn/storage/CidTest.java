package io.cairn.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CidTest {
  private static final String V0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
  private static final String V1 = "bafybeicg2rebjoofv4kbyovkw7af3rpiitvnl6i7ckcywaq6xjcxnc2mby";

  @Test
  void parsesV0AndConvertsToV1() {
    Cid cid = Cid.parse(V0);
    assertThat(cid.version()).isZero();
    assertThat(cid.codec()).isEqualTo(Multicodec.DAG_PB.code());
    assertThat(cid.toString()).isEqualTo(V0);
    assertThat(cid.toV1().toString()).isEqualTo(V1);
    assertThat(Cid.parse(V1).toV0()).isEqualTo(cid);
  }

  @Test
  void printsV1InEveryBaseAndParsesItBack() {
    Cid cid = Cid.parse(V1);
    assertThat(cid.toString(Multibase.BASE36))
        .isEqualTo("k2jmtxt4nv2kx0qz1ncwpjwzdixb27xsgqxk7kgho4nnmjceustvi80e");
    assertThat(cid.toString(Multibase.BASE16))
        .isEqualTo("f0170122046d44814b9c5af141c3aaab7c05dc5e844ead5f91f12858b021eba45768b4c0e");
    assertThat(cid.toString(Multibase.BASE64))
        .isEqualTo("mAXASIEbUSBS5xa8UHDqqt8BdxehE6tX5HxKFiwIeukV2i0wO");
    assertThat(cid.toString(Multibase.BASE64_URL))
        .isEqualTo("uAXASIEbUSBS5xa8UHDqqt8BdxehE6tX5HxKFiwIeukV2i0wO");
    assertThat(cid.toString(Multibase.BASE58_BTC))
        .isEqualTo("zdj7WaCPMsy3FP2whSwpFXHjDEaTVmjnddYSn5W2Gdn4aEZFj");
    for (Multibase base : Multibase.values()) {
      assertThat(Cid.parse(cid.toString(base))).as(base.baseName()).isEqualTo(cid);
    }
  }

  @Test
  void computesRawCidOfHelloWorld() {
    Cid cid =
        Cid.compute(
            1,
            Multicodec.RAW.code(),
            HashFunction.SHA2_256,
            "hello world\n".getBytes(StandardCharsets.UTF_8));
    assertThat(cid).hasToString("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
  }

  @Test
  void binaryFormRoundTrips() {
    Cid cid = Cid.parse(V1);
    assertThat(Cid.decode(cid.bytes())).isEqualTo(cid);
    Cid v0 = Cid.parse(V0);
    assertThat(v0.bytes()).hasSize(34);
    assertThat(Cid.decode(v0.bytes())).isEqualTo(v0);
  }

  @Test
  void rejectsMalformedTextWithAClearMessage() {
    assertThatThrownBy(() -> Cid.parse("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5l"))
        .isInstanceOf(InvalidCidException.class)
        .hasMessageContaining("base58btc")
        .hasMessageContaining("character 'l' at position 45");
    assertThatThrownBy(() -> Cid.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> Cid.parse("xyz")).hasMessageContaining("unknown multibase prefix 'x'");
    assertThatThrownBy(() -> Cid.parse("bafy")).isInstanceOf(InvalidCidException.class);
    byte[] bytes = Cid.parse(V1).bytes();
    String truncated = Multibase.BASE32.encode(java.util.Arrays.copyOf(bytes, bytes.length - 4));
    assertThatThrownBy(() -> Cid.parse(truncated)).hasMessageContaining("truncated");
    assertThatThrownBy(() -> Cid.parse(V1.substring(0, V1.length() - 1)))
        .hasMessageContaining("dangling");
    assertThatThrownBy(() -> Cid.decode(new byte[] {2, 0x55, 0x12, 0x20}))
        .hasMessageContaining("unsupported CID version 2");
  }

  @Test
  void refusesBase58TextTooLongToBeACidBeforeDecodingIt() {
    // Decoding base58 takes time that grows with the square of the length: 89,512 characters took
    // 4.8 s. A DAG-JSON block full of such links would hold a core for minutes.
    String huge = "z" + "2".repeat(90_000);
    assertThatThrownBy(() -> Cid.parse(huge))
        .isInstanceOf(InvalidCidException.class)
        .hasMessageContaining("text of 90000 characters is longer than the 1024 this node decodes")
        .hasMessageContaining("…(90001 characters)")
        .message()
        .hasSizeLessThan(400);
    assertThat(Multibase.decode("z" + "2".repeat(1024))).isNotEmpty();
  }

  @Test
  void rejectsTrailingBytesInBinaryForm() {
    byte[] bytes = Cid.parse(V1).bytes();
    byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> Cid.decode(longer)).hasMessageContaining("trailing");
  }

  @Test
  void v0NeedsDagPbAndSha256() {
    Multihash blake = HashFunction.BLAKE2B_256.multihash(new byte[] {1});
    assertThatThrownBy(() -> Cid.v0(blake)).hasMessageContaining("sha2-256");
    Multihash sha = HashFunction.SHA2_256.multihash(new byte[] {1});
    assertThatThrownBy(() -> Cid.of(0, Multicodec.RAW.code(), sha)).hasMessageContaining("dag-pb");
  }

  @Test
  void keepsUnknownCodecsAndHashes() {
    Multihash mh = Multihash.of(0x1012, new byte[32]);
    Cid cid = Cid.v1(0xf101, mh);
    Cid back = Cid.parse(cid.toString());
    assertThat(back.codec()).isEqualTo(0xf101);
    assertThat(back.multihash().function()).isEmpty();
    assertThat(back.multihash().functionName()).isEqualTo("0x1012");
  }
}
