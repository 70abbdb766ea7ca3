package io.cairn.storage.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Cid;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DagCborTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Cid EMPTY_FILE = Cid.parse("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");

  private static byte[] hex(String s) {
    return HEX.parseHex(s.replace(" ", ""));
  }

  private static String enc(Ipld v) {
    return HEX.formatHex(DagCbor.encode(v));
  }

  @Test
  void encodesScalarsInShortestForm() {
    assertThat(enc(Ipld.NULL)).isEqualTo("f6");
    assertThat(enc(Ipld.TRUE)).isEqualTo("f5");
    assertThat(enc(Ipld.of(0))).isEqualTo("00");
    assertThat(enc(Ipld.of(23))).isEqualTo("17");
    assertThat(enc(Ipld.of(24))).isEqualTo("1818");
    assertThat(enc(Ipld.of(255))).isEqualTo("18ff");
    assertThat(enc(Ipld.of(256))).isEqualTo("190100");
    assertThat(enc(Ipld.of(65536))).isEqualTo("1a00010000");
    assertThat(enc(Ipld.of(1L << 32))).isEqualTo("1b0000000100000000");
    assertThat(enc(Ipld.of(-1))).isEqualTo("20");
    assertThat(enc(Ipld.of(-25))).isEqualTo("3818");
    assertThat(enc(Ipld.of(Ipld.MAX_INT))).isEqualTo("1bffffffffffffffff");
    assertThat(enc(Ipld.of(Ipld.MIN_INT))).isEqualTo("3bffffffffffffffff");
    assertThat(enc(Ipld.of("a"))).isEqualTo("6161");
    assertThat(enc(Ipld.of(new byte[] {1, 2}))).isEqualTo("420102");
  }

  @Test
  void encodesFloatsAlwaysIn64Bits() {
    assertThat(enc(Ipld.of(1.5))).isEqualTo("fb3ff8000000000000");
    assertThat(enc(Ipld.of(0.0))).isEqualTo("fb0000000000000000");
    assertThat(enc(Ipld.of(-0.0))).isEqualTo("fb8000000000000000");
  }

  @Test
  void sortsMapKeysByLengthThenBytes() {
    Map<String, Ipld> m = new LinkedHashMap<>();
    m.put("bb", Ipld.of(1));
    m.put("a", Ipld.of(2));
    m.put("ab", Ipld.of(3));
    m.put("é", Ipld.of(4)); // two UTF-8 bytes: sorts with the two-character keys
    m.put("", Ipld.of(5));
    Ipld.Map map = Ipld.map(m);
    assertThat(map.entries().keySet()).containsExactly("", "a", "ab", "bb", "é");
    assertThat(enc(map)).isEqualTo("a5" + "6005" + "616102" + "62616203" + "62626201" + "62c3a904");
  }

  @Test
  void encodesLinksAsTag42WithZeroPrefix() {
    byte[] bytes = DagCbor.encode(Ipld.of(EMPTY_FILE));
    assertThat(HEX.formatHex(bytes, 0, 5)).isEqualTo("d82a582300");
    assertThat(DagCbor.decode(bytes)).isEqualTo(Ipld.of(EMPTY_FILE));
  }

  @Test
  void roundTripsNestedValues() {
    Ipld v =
        Ipld.map(
            Map.of(
                "list",
                Ipld.list(Ipld.of(1), Ipld.of(-2.25), Ipld.NULL, Ipld.FALSE),
                "big",
                Ipld.of(new BigInteger("18446744073709551615")),
                "neg",
                Ipld.of(new BigInteger("-18446744073709551616")),
                "link",
                Ipld.of(EMPTY_FILE.toV1()),
                "bytes",
                Ipld.of(new byte[300]),
                "text",
                Ipld.of("héllo 🌍")));
    byte[] bytes = DagCbor.encode(v);
    Ipld back = DagCbor.decode(bytes);
    assertThat(back).isEqualTo(v);
    assertThat(DagCbor.encode(back)).isEqualTo(bytes);
    assertThat(back.links()).containsExactly(EMPTY_FILE.toV1());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "integer not in shortest form | 1817 | shortest form",
        "16-bit integer that fits 8 bits | 1900ff | shortest form",
        "32-bit integer that fits 16 bits | 1a0000ffff | shortest form",
        "64-bit integer that fits 32 bits | 1b00000000ffffffff | shortest form",
        "negative integer not in shortest form | 3800 | shortest form",
        "string length not in shortest form | 780161 | shortest form",
        "array length not in shortest form | 9800 | shortest form",
        "map length not in shortest form | b800 | shortest form",
        "indefinite-length array | 9f01ff | indefinite-length array",
        "indefinite-length map | bf6161 01ff | indefinite-length map",
        "indefinite-length string | 7f616161ff | indefinite-length text string",
        "indefinite-length bytes | 5f4101ff | indefinite-length byte string",
        "stray break | ff | unexpected break",
        "tag other than 42 | c100 | tag 1 is not allowed",
        "tag 42 in long form | d9002a 4700 01551400 00 00 | shortest form",
        "tag 42 over a string | d82a 6161 | must hold a byte string",
        "link without 0x00 prefix | d82a 4401550000 | 0x00 multibase prefix",
        "link with invalid CID | d82a 43 000203 | invalid CID",
        "undefined | f7 | undefined",
        "simple value | f0 | simple value 16",
        "one-byte simple value | f820 | simple value 32",
        "16-bit float | f93c00 | 16-bit float",
        "32-bit float | fa3fc00000 | 32-bit float",
        "NaN | fb7ff8000000000000 | NaN",
        "infinity | fb7ff0000000000000 | Infinity",
        "negative infinity | fbfff0000000000000 | -Infinity",
        "16-bit NaN | f97e00 | NaN",
        "duplicate map key | a2 616101 616102 | duplicate map key 'a'",
        "unsorted map keys | a2 616201 616102 | out of canonical order",
        "longer key before shorter | a2 62616101 616202 | out of canonical order",
        "integer map key | a1 0101 | only string keys",
        "trailing bytes | 0000 | 1 trailing bytes",
        "empty input | '' | input is empty",
        "truncated integer | 1a0001 | truncated",
        "truncated string | 6361 | truncated",
        "truncated array | 830102 | truncated",
        "truncated map | a1 6161 | truncated",
        "invalid UTF-8 | 62c328 | not valid UTF-8",
        "reserved additional information | 1c | reserved additional information 28",
        "byte string longer than input | 5bffffffffffffffff00 | truncated",
      })
  void rejectsNonCanonicalAndInvalidInput(String name, String input, String message) {
    byte[] bytes = hex(input);
    assertThatThrownBy(() -> DagCbor.decode(bytes))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining(message)
        .hasMessageContaining("at byte");
  }

  @Test
  void errorsNameTheByteOffset() {
    assertThatThrownBy(() -> DagCbor.decode(hex("83 01 02 1817")))
        .hasMessage(
            "dag-cbor: unsigned integer argument 23 is not in its shortest form (1 bytes) at byte"
                + " 3");
  }

  @Test
  void rejectsNestingBeyondTheLimit() {
    byte[] deep = new byte[DagCbor.MAX_DEPTH + 2];
    java.util.Arrays.fill(deep, (byte) 0x81);
    deep[deep.length - 1] = 0;
    assertThatThrownBy(() -> DagCbor.decode(deep)).hasMessageContaining("nests deeper than");
    byte[] ok = new byte[DagCbor.MAX_DEPTH + 1];
    java.util.Arrays.fill(ok, (byte) 0x81);
    ok[ok.length - 1] = 0;
    assertThat(DagCbor.decode(ok)).isInstanceOf(Ipld.List.class);
  }

  @Test
  void lenientDecodingAcceptsWhatTheSpecLetsDecodersRelax() {
    assertThat(DagCbor.decode(hex("1817"), Strictness.LENIENT)).isEqualTo(Ipld.of(23));
    assertThat(DagCbor.decode(hex("f93e00"), Strictness.LENIENT)).isEqualTo(Ipld.of(1.5));
    assertThat(DagCbor.decode(hex("fa3fc00000"), Strictness.LENIENT)).isEqualTo(Ipld.of(1.5));
    Ipld unsorted = DagCbor.decode(hex("a2 616201 616102"), Strictness.LENIENT);
    // The map keeps the order read (as go-ipld-prime's maps do); DAG-CBOR still writes it sorted.
    assertThat(unsorted.asMap().keySet()).containsExactly("b", "a");
    assertThat(unsorted).isEqualTo(Ipld.map(Map.of("a", Ipld.of(2), "b", Ipld.of(1))));
    assertThat(DagCbor.encode(unsorted)).isEqualTo(hex("a2 616102 616201"));
    // Still outside the data model, whatever the strictness:
    for (String bad : List.of("f7", "c100", "9f01ff", "a2 616101 616102", "fb7ff8000000000000")) {
      assertThatThrownBy(() -> DagCbor.decode(hex(bad), Strictness.LENIENT))
          .isInstanceOf(CodecException.class);
    }
  }

  @Test
  void linksComeInByteOrder() {
    Cid a = EMPTY_FILE;
    Cid b = EMPTY_FILE.toV1();
    // {"b": a, "aa": b}: canonical order is "b" then "aa".
    byte[] canonical = DagCbor.encode(Ipld.map(Map.of("aa", Ipld.of(b), "b", Ipld.of(a))));
    assertThat(DagCbor.links(canonical)).containsExactly(a, b);
    assertThat(
            Links.of(
                Cid.compute(1, 0x71, io.cairn.storage.HashFunction.SHA2_256, canonical), canonical))
        .containsExactly(a, b);
  }

  /**
   * Text strings that are not UTF-8 (Filecoin chain data has them) keep a block's links readable,
   * as go-ipld-prime's decoder, which never checks UTF-8, reads them for Kubo; strict decoding of
   * the value itself still refuses them, lenient decoding keeps their bytes.
   */
  @Test
  void linksAreReadPastTextThatIsNotUtf8() {
    // {"l": <link>, "s": "\xc3(", "\xff": 1, "\xfe": 2}: two keys that are not UTF-8 either.
    byte[] link = hex("d82a 5823 00" + HEX.formatHex(EMPTY_FILE.bytes()));
    byte[] block = hex("a4 616c" + HEX.formatHex(link) + " 6173 62c328 61ff 01 61fe 02");
    Cid cid = Cid.compute(1, 0x71, io.cairn.storage.HashFunction.SHA2_256, block);
    assertThat(DagCbor.links(block)).containsExactly(EMPTY_FILE);
    assertThat(Links.of(cid, block)).containsExactly(EMPTY_FILE);
    assertThatThrownBy(() -> DagCbor.decode(block, Strictness.STRICT))
        .isInstanceOf(CodecException.class)
        .hasMessage("dag-cbor: string is not valid UTF-8 at byte 44");
    assertThat(DagCbor.decode(block, Strictness.LENIENT).asMap()).hasSize(4);
    // Keys are still told apart by their bytes: a repeated key is refused, UTF-8 or not.
    assertThatThrownBy(() -> DagCbor.links(hex("a2 61ff 01 61ff 02")))
        .hasMessageContaining("duplicate map key");
    assertThat(DagCbor.links(hex("a2 61ff 01 61fe 02"))).isEmpty();
    // Everything else outside the data model is still refused when only links are read.
    assertThatThrownBy(() -> DagCbor.links(hex("62c3"))).hasMessageContaining("truncated");
    assertThatThrownBy(() -> DagCbor.links(hex("c1 62c328"))).hasMessageContaining("tag 1");
  }

  /**
   * go-ipld-prime reads indefinite-length lists and maps, and undefined as null (refmt's {@code
   * CoerceUndefToNull}), so Kubo walks blocks that have them; the value decoders still refuse them.
   */
  @Test
  void linksAreReadThroughIndefiniteLengthsAndUndefined() {
    String link = "d82a 5823 00" + HEX.formatHex(EMPTY_FILE.bytes());
    byte[] list = hex("9f 01 " + link + " f7 ff");
    byte[] map = hex("bf 6173 f7 616c 9f" + link + "ff ff");
    for (byte[] block : List.of(list, map)) {
      assertThat(DagCbor.links(block)).containsExactly(EMPTY_FILE);
      for (Strictness s : Strictness.values()) {
        assertThatThrownBy(() -> DagCbor.decode(block, s)).isInstanceOf(CodecException.class);
      }
    }
    assertThatThrownBy(() -> DagCbor.links(hex("9f 01"))).hasMessageContaining("truncated");
    assertThatThrownBy(() -> DagCbor.links(hex("bf 6161 01 ff 00")))
        .hasMessageContaining("1 trailing bytes");
    assertThatThrownBy(() -> DagCbor.links(hex("bf 6161 01 6161 02 ff")))
        .hasMessageContaining("duplicate map key 'a'");
    assertThatThrownBy(() -> DagCbor.links(hex("bf 6161 ff")))
        .hasMessageContaining("unexpected break");
    assertThatThrownBy(() -> DagCbor.links(hex("ff"))).hasMessageContaining("unexpected break");
  }

  /**
   * go-ipld-prime before v0.24 (Kubo 0.42) reads indefinite-length text and byte strings, joining
   * their definite chunks (refmt's {@code decodeBytesOrStringIndefinite}), as values, as map keys
   * and under tag 42; a walk reads them too, and the value decoders still refuse them.
   */
  @Test
  void linksAreReadThroughIndefiniteLengthStrings() {
    String cid = HEX.formatHex(EMPTY_FILE.bytes());
    // {"s": "a"+"b", "b": 01+02, "l"(in one chunk): <link>, "m": <link in two chunks>}
    byte[] block =
        hex(
            "a4 6173 7f 6161 6162 ff  6162 5f 4101 4102 ff  7f 616c ff d82a 5823 00"
                + cid
                + " 616d d82a 5f 4100 5822"
                + cid
                + " ff");
    assertThat(DagCbor.links(block)).containsExactly(EMPTY_FILE, EMPTY_FILE);
    for (Strictness s : Strictness.values()) {
      assertThatThrownBy(() -> DagCbor.decode(block, s))
          .hasMessageContaining("indefinite-length text string is not allowed");
    }
    // A key in chunks is the same key as in one piece.
    assertThatThrownBy(() -> DagCbor.links(hex("a2 6161 01 7f 6161 ff 02")))
        .hasMessageContaining("duplicate map key 'a'");
    // Chunks must be definite strings of the same kind, and the string must end.
    assertThatThrownBy(() -> DagCbor.links(hex("7f 7f 6161 ff ff")))
        .hasMessage(
            "dag-cbor: indefinite-length text string holds a chunk that is not a definite-length"
                + " text string at byte 1");
    assertThatThrownBy(() -> DagCbor.links(hex("5f 6161 ff")))
        .hasMessageContaining("not a definite-length byte string at byte 1");
    assertThatThrownBy(() -> DagCbor.links(hex("7f 6161"))).hasMessageContaining("truncated");
    assertThatThrownBy(() -> DagCbor.links(hex("7f 6261 ff"))).hasMessageContaining("truncated");
  }

  @Test
  void refusesIntegersOutsideTheCborRange() {
    assertThatThrownBy(() -> Ipld.of(Ipld.MAX_INT.add(BigInteger.ONE)))
        .hasMessageContaining("outside the data model's range");
    assertThatThrownBy(() -> Ipld.of(Double.NaN)).hasMessageContaining("NaN");
  }
}
