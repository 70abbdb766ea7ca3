package io.cairn.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultiformatsTest {
  @Test
  void varintRoundTripsAndRejectsNonMinimal() {
    long[] values = {0, 1, 127, 128, 255, 300, 16384, 1L << 32, Long.MAX_VALUE >>> 1};
    for (long v : values) {
      byte[] enc = Varint.encode(v);
      assertThat(enc).hasSize(Varint.size(v));
      assertThat(Varint.read(ByteBuffer.wrap(enc))).isEqualTo(v);
    }
    assertThat(Varint.encode(300)).containsExactly(0xAC, 0x02);
    assertThatThrownBy(() -> Varint.read(ByteBuffer.wrap(new byte[] {(byte) 0x81, 0})))
        .hasMessageContaining("minimal");
    assertThatThrownBy(() -> Varint.read(ByteBuffer.wrap(new byte[] {(byte) 0x81})))
        .hasMessageContaining("truncated");
    byte[] tooLong = new byte[10];
    java.util.Arrays.fill(tooLong, (byte) 0x81);
    assertThatThrownBy(() -> Varint.read(ByteBuffer.wrap(tooLong))).hasMessageContaining("longer");
  }

  @Test
  void baseXKeepsLeadingZeros() {
    byte[] data = {0, 0, 1, 2, (byte) 255};
    assertThat(Multibase.BASE58_BTC.encode(data)).isEqualTo("z11LiA");
    assertThat(Multibase.BASE36.encode(data)).isEqualTo("k001f5r");
    assertThat(Multibase.decode("z11LiA")).isEqualTo(data);
    assertThat(Multibase.decode("k001f5r")).isEqualTo(data);
  }

  @Test
  void everyBaseRoundTripsRandomBytes() {
    Random random = new Random(7);
    for (int length = 0; length < 70; length++) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      for (Multibase base : Multibase.values()) {
        assertThat(Multibase.decode(base.encode(data)))
            .as(base.baseName() + " " + length)
            .isEqualTo(data);
      }
    }
  }

  @Test
  void rfc4648Vectors() {
    byte[] foobar = "foobar".getBytes(StandardCharsets.US_ASCII);
    assertThat(Multibase.BASE32_PAD.encode(foobar)).isEqualTo("cmzxw6ytboi======");
    assertThat(Multibase.BASE32.encode(foobar)).isEqualTo("bmzxw6ytboi");
    assertThat(Multibase.BASE64_PAD.encode(foobar)).isEqualTo("MZm9vYmFy");
    assertThat(Multibase.BASE16.encode(foobar)).isEqualTo("f666f6f626172");
    assertThat(Multibase.BASE32_HEX.encode(foobar)).isEqualTo("vcpnmuoj1e8");
    assertThat(Multibase.decode("F666F6F626172")).isEqualTo(foobar);
    assertThatThrownBy(() -> Multibase.decode("bmzx!"))
        .hasMessageContaining("character '!' at position 4");
  }

  @Test
  void hashFunctionsMatchKnownDigests() {
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    HexFormat hex = HexFormat.of();
    assertThat(hex.formatHex(HashFunction.SHA2_256.digest(abc)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(hex.formatHex(HashFunction.BLAKE3.digest(abc)))
        .isEqualTo("6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85");
    assertThat(hex.formatHex(HashFunction.BLAKE2B_256.digest(abc)))
        .isEqualTo("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
    assertThat(hex.formatHex(HashFunction.KECCAK_256.digest(new byte[0])))
        .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    Multihash mh = HashFunction.SHA2_256.multihash(abc);
    assertThat(mh.toHex()).startsWith("1220ba7816bf");
    assertThat(Multihash.decode(mh.bytes())).isEqualTo(mh);
    assertThat(mh.matches(abc)).isTrue();
    assertThat(mh.matches(new byte[] {1})).isFalse();
  }

  @Test
  void multihashRejectsWrongDigestLengthForKnownFunctions() {
    assertThatThrownBy(() -> Multihash.of(0x12, new byte[20]))
        .hasMessageContaining("sha2-256 digest must be 32 bytes");
    assertThatThrownBy(() -> Multihash.decode(new byte[] {0x12, 0x20, 1, 2}))
        .hasMessageContaining("truncated");
  }

  @Test
  void namesResolve() {
    assertThat(HashFunction.forName("blake2b-256")).isEqualTo(HashFunction.BLAKE2B_256);
    assertThat(Multicodec.forName("dag-cbor")).isEqualTo(Multicodec.DAG_CBOR);
    assertThat(Multibase.forName("base36")).isEqualTo(Multibase.BASE36);
    assertThatThrownBy(() -> HashFunction.forName("md5"))
        .hasMessageContaining("unknown hash function 'md5'");
  }
}
