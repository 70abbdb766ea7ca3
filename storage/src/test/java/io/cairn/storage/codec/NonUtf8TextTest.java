package io.cairn.storage.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * CBOR text strings that are not UTF-8, as Kubo handles them: go-ipld-prime reads their bytes as a
 * Go string, DAG-CBOR writes the bytes back, and refmt's JSON writer writes each byte that Go's
 * {@code utf8.DecodeRuneInString} finds invalid as <code>&#92;ufffd</code>.
 */
class NonUtf8TextTest {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] hex(String s) {
    return HEX.parseHex(s.replace(" ", ""));
  }

  private static Ipld lenient(String hex) {
    return DagCbor.decode(hex(hex), Strictness.LENIENT);
  }

  private static String dagJson(Ipld v) {
    return new String(DagJson.encode(v), StandardCharsets.UTF_8);
  }

  @Test
  void dagCborKeepsTheBytesAndDagJsonWritesReplacementEscapes() {
    // {"s": "\xc3(", "\xff": 1}: a bad string and a bad key, in canonical order.
    String block = "a2 6173 62c328 61ff 01";
    Ipld v = lenient(block);
    assertThat(DagCbor.encode(v)).isEqualTo(hex(block));
    assertThat(PlainCbor.encode(v)).isEqualTo(hex(block));
    assertThat(dagJson(v)).isEqualTo("{\"s\":\"\\ufffd(\",\"\\ufffd\":1}");
    assertThat(new String(PlainJson.encode(v), StandardCharsets.UTF_8))
        .isEqualTo("{\n\t\"s\": \"\\ufffd(\",\n\t\"\\ufffd\": 1\n}\n");
    assertThatThrownBy(() -> DagCbor.decode(hex(block), Strictness.STRICT))
        .hasMessage("dag-cbor: string is not valid UTF-8 at byte 3");
  }

  /** One escape per byte, as Go's decoder steps one byte past each it cannot read. */
  @Test
  void eachInvalidByteIsOneReplacement() {
    // An encoded surrogate (ED A0 80), a truncated sequence (E2 82) and an overlong NUL (C0 80).
    String block = "69 eda080 e282 62 c080 41";
    Ipld v = lenient(block);
    assertThat(dagJson(v))
        .isEqualTo("\"" + "\\ufffd".repeat(5) + "b" + "\\ufffd".repeat(2) + "A\"");
    assertThat(DagCbor.encode(v)).isEqualTo(hex(block));
  }

  /** U+1F480's low surrogate is U+DC80, an escape's range: as part of a pair it is text. */
  @Test
  void surrogatePairsStayTextBesideEscapedBytes() {
    String block = "65 f09f9280 ff";
    Ipld v = lenient(block);
    assertThat(v.asString()).isEqualTo("\uD83D\uDC80\uDCFF");
    assertThat(DagCbor.encode(v)).isEqualTo(hex(block));
    assertThat(dagJson(v)).isEqualTo("\"\uD83D\uDC80\\ufffd\"");
    assertThat(DagCbor.encode(Ipld.of("\uD83D\uDC80"))).isEqualTo(hex("64 f09f9280"));
  }

  @Test
  void onlyEscapesAreAllowedAsUnpairedSurrogates() {
    assertThat(DagCbor.encode(Ipld.of("\uDC80"))).isEqualTo(hex("61 80"));
    assertThatThrownBy(() -> Ipld.of("\uD800")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Ipld.of("\uDC7F")).isInstanceOf(IllegalArgumentException.class);
  }

  /** Keys sort by their bytes, escaped bytes included. */
  @Test
  void escapedKeysSortByTheirBytes() {
    // "\xff" (one byte) sorts before "ab" in DAG-CBOR (shorter first), after "z" bytewise.
    Ipld v = lenient("a3 61ff 01 617a 02 626162 03");
    assertThat(hex("a3 617a 02 61ff 01 626162 03")).isEqualTo(DagCbor.encode(v));
    assertThat(dagJson(v)).isEqualTo("{\"ab\":3,\"z\":2,\"\\ufffd\":1}");
  }
}
