package io.cairn.storage.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Cid;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DAG-JSON where Kubo's codec (go-ipld-prime over refmt's JSON reader and writer) differs from
 * JavaScript's {@code @ipld/dag-json}: Cairn gives Kubo's bytes. Each expectation names the Go rule
 * it comes from: refmt's {@code emitFloat} ({@code strconv.AppendFloat(f, 'f' or 'e', -1, 64)},
 * {@code 'e'} when {@code |f| < 1e-6 || |f| >= 1e21}, then "e-0X" cleaned to "e-X"), refmt's {@code
 * emitString}, and go-ipld-prime's {@code dagjson.Unmarshal} with refmt's decoder.
 */
class DagJsonAsKuboTest {
  private static final Cid V0 = Cid.parse("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");

  private static String enc(Ipld v) {
    return DagJson.encodeToString(v);
  }

  private static Ipld lenient(byte[] json) {
    return DagJson.decode(json, Strictness.LENIENT);
  }

  private static Ipld lenient(String json) {
    return lenient(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aWholeFloatIsWrittenWithoutAPointAndReadsBackAsAnInteger() {
    // strconv 'f' with precision -1 writes the shortest digits and no fraction when there is none.
    assertThat(enc(Ipld.of(1.0))).isEqualTo("1");
    assertThat(enc(Ipld.of(-42.0))).isEqualTo("-42");
    assertThat(enc(Ipld.of(9007199254740994.0))).isEqualTo("9007199254740994");
    // 'f' holds up to 1e21 (exclusive): twenty-one digits, no exponent.
    assertThat(enc(Ipld.of(1e20))).isEqualTo("100000000000000000000");
    // Kubo loses the float kind here, and so does Cairn: the same block, the same CID.
    assertThat(lenient(DagJson.encode(Ipld.of(1.0)))).isEqualTo(Ipld.of(1));
    assertThat(DagJson.decode(DagJson.encode(Ipld.list(Ipld.of(2.0)))))
        .isEqualTo(Ipld.list(Ipld.of(2)));
    // 1e20 is above 2^64: the digits read back as no integer at all (Go's ParseInt fails too).
    assertThatThrownBy(() -> lenient(DagJson.encode(Ipld.of(1e20))))
        .hasMessageContaining("outside the range");
  }

  @Test
  void negativeZeroIsMinusZeroAndReadsBackAsTheIntegerZero() {
    // strconv.AppendFloat(-0.0, 'f', -1, 64) keeps the sign: "-0"; ParseInt("-0") is 0.
    assertThat(enc(Ipld.of(-0.0))).isEqualTo("-0");
    assertThat(enc(Ipld.of(0.0))).isEqualTo("0");
    assertThat(lenient("-0")).isEqualTo(Ipld.of(0));
    assertThat(lenient("-0.0")).isEqualTo(Ipld.of(-0.0));
  }

  @Test
  void exponentFormsFollowStrconvAndRefmtsCleanUp() {
    // 'f' from 1e-6 up: strconv writes the leading zeros.
    assertThat(enc(Ipld.of(0.000001))).isEqualTo("0.000001");
    assertThat(enc(Ipld.of(0.0000015))).isEqualTo("0.0000015");
    // 'e' below 1e-6: strconv writes "1e-07"; refmt turns "e-0X" into "e-X".
    assertThat(enc(Ipld.of(1e-7))).isEqualTo("1e-7");
    assertThat(enc(Ipld.of(9.99e-7))).isEqualTo("9.99e-7");
    assertThat(enc(Ipld.of(-1.5e-9))).isEqualTo("-1.5e-9");
    // Two exponent digits or more need no clean-up.
    assertThat(enc(Ipld.of(1.5e-10))).isEqualTo("1.5e-10");
    assertThat(enc(Ipld.of(Double.MIN_VALUE))).isEqualTo("5e-324");
    // 'e' from 1e21: the exponent is at least 21, written with its "+" sign.
    assertThat(enc(Ipld.of(1e21))).isEqualTo("1e+21");
    assertThat(enc(Ipld.of(-2.5e21))).isEqualTo("-2.5e+21");
    assertThat(enc(Ipld.of(Double.MAX_VALUE))).isEqualTo("1.7976931348623157e+308");
    // Shortest digits that read back: 0.1 + 0.2 needs seventeen.
    assertThat(enc(Ipld.of(0.1 + 0.2))).isEqualTo("0.30000000000000004");
    assertThat(enc(Ipld.of(5e-7))).isEqualTo("5e-7");
  }

  @Test
  void stringsAreEscapedAsRefmtsEmitString() {
    // Bytes below 0x20 other than \n, \r and \t are \\u00 and two lower-case hex digits, so \b
    // and \f are not written by letter.
    assertThat(enc(Ipld.of("\b\f\u001f\n\r\t"))).isEqualTo("\"\\u0008\\u000c\\u001f\\n\\r\\t\"");
    // U+2028 and U+2029 are escaped "for JSONP"; 0x7f, '/', '<' and other characters are not.
    assertThat(enc(Ipld.of("\u2028\u2029\u007f/<é😀"))).isEqualTo("\"\\u2028\\u2029\u007f/<é😀\"");
    assertThat(enc(Ipld.map(Map.of("\f", Ipld.of(1))))).isEqualTo("{\"\\u000c\":1}");
  }

  @Test
  void plainJsonWritesTheSameNumbersAndStrings() {
    assertThat(
            new String(
                PlainJson.encode(Ipld.list(Ipld.of(1.0), Ipld.of(-0.0), Ipld.of(1e-7))),
                StandardCharsets.UTF_8))
        .isEqualTo("[\n\t1,\n\t-0,\n\t1e-7\n]\n");
    assertThat(new String(PlainJson.encode(Ipld.of("\b\u2028")), StandardCharsets.UTF_8))
        .isEqualTo("\"\\u0008\\u2028\"");
  }

  @Test
  void lenientDecodingTurnsBytesThatAreNotUtf8IntoReplacementCharacters() {
    // refmt's parseString: utf8.DecodeRune gives RuneError, size 1, for each bad byte, and
    // utf8.EncodeRune writes U+FFFD for it; a lone surrogate escape is U+FFFD too.
    byte[] json = {'"', 'a', (byte) 0xe2, (byte) 0x82, 'b', (byte) 0xff, '"'};
    assertThat(lenient(json)).isEqualTo(Ipld.of("a\uFFFD\uFFFDb\uFFFD"));
    assertThat(lenient("\"\\ud800x\\udc00\"")).isEqualTo(Ipld.of("\uFFFDx\uFFFD"));
    assertThat(lenient("\"\\ud83d\\ude00\"")).isEqualTo(Ipld.of("😀"));
    // Strict decoding still holds blocks to the spec.
    assertThatThrownBy(() -> DagJson.decode(json)).hasMessageContaining("not valid UTF-8");
    // Re-encoded, the replacement character is written as it is (it is valid UTF-8).
    assertThat(DagJson.encode(lenient(json)))
        .isEqualTo("\"a\uFFFD\uFFFDb\uFFFD\"".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void lenientDecodingTakesOnlyTheExactReservedFormsForLinksAndBytes() {
    // dagjson's linkLookahead wants exactly {"/": string}; bytesLookahead exactly
    // {"/": {"bytes": string}}; anything else is an ordinary map.
    Ipld linkPlus = lenient("{\"/\":\"" + V0 + "\",\"x\":1}");
    Map<String, Ipld> expected = new LinkedHashMap<>();
    expected.put("/", Ipld.of(V0.toString()));
    expected.put("x", Ipld.of(1));
    assertThat(linkPlus).isEqualTo(Ipld.map(expected));
    assertThat(lenient("{\"/\":{\"bytes\":\"AA\",\"x\":1}}").asMap().get("/").asMap())
        .containsOnlyKeys("bytes", "x");
    assertThat(lenient("{\"/\":{\"bytes\":\"AA\"},\"x\":1}").asMap().get("/"))
        .isEqualTo(Ipld.map(Map.of("bytes", Ipld.of("AA"))));
    // The exact forms are a link and bytes (padded base64 too: Go retries StdEncoding).
    assertThat(lenient("{ \"/\" : \"" + V0 + "\" }")).isEqualTo(Ipld.of(V0));
    assertThat(lenient("{\"/\":{\"bytes\":\"AA==\"}}")).isEqualTo(Ipld.of(new byte[] {0}));
    assertThatThrownBy(() -> lenient("{\"/\":\"foo\"}")).hasMessageContaining("not a valid CID");
    // Such maps are written as Go writes them, keys sorted, and read back the same.
    assertThat(enc(linkPlus)).isEqualTo("{\"/\":\"" + V0 + "\",\"x\":1}");
    assertThat(lenient(DagJson.encode(linkPlus))).isEqualTo(linkPlus);
  }

  @Test
  void nulBytesMayFollowTheValue() {
    // dagjson.DecodeOptions.Decode reads ' ', 0x00, '\t', '\r' and '\n' after the value.
    assertThat(lenient(new byte[] {'1', 0, ' ', 0, '\n'})).isEqualTo(Ipld.of(1));
    assertThatThrownBy(() -> lenient(new byte[] {'1', 0, 'x'}))
        .hasMessageContaining("unexpected data");
    assertThatThrownBy(() -> DagJson.decode(new byte[] {'1', 0}))
        .hasMessageContaining("unexpected data");
  }
}
