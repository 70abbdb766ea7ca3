package io.cairn.storage.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.cairn.storage.Cid;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DagJsonTest {
  private static final Cid V0 = Cid.parse("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");

  private static Ipld dec(String json) {
    return DagJson.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  private static Ipld lenient(String json) {
    return DagJson.decode(json.getBytes(StandardCharsets.UTF_8), Strictness.LENIENT);
  }

  @Test
  void encodesWithoutWhitespaceAndKeysSortedBytewise() {
    Map<String, Ipld> m = new LinkedHashMap<>();
    m.put("bb", Ipld.of(1));
    m.put("a", Ipld.of("x\"y\\\n\u0001é"));
    m.put("ab", Ipld.list(Ipld.NULL, Ipld.TRUE));
    // Bytewise, not length-first: "a" < "ab" < "bb".
    assertThat(DagJson.encodeToString(Ipld.map(m)))
        .isEqualTo("{\"a\":\"x\\\"y\\\\\\n\\u0001é\",\"ab\":[null,true],\"bb\":1}");
  }

  @Test
  void sortsKeysByUtf8BytesNotUtf16Units() {
    // U+E000 is one UTF-16 unit above the surrogates, but its UTF-8 bytes (ee 80 80) sort before
    // those of U+1F600 (f0 9f 98 80).
    Ipld m = Ipld.map(Map.of("\uD83D\uDE00", Ipld.of(1), "\uE000", Ipld.of(2)));
    assertThat(DagJson.encodeToString(m)).isEqualTo("{\"\uE000\":2,\"\uD83D\uDE00\":1}");
  }

  @Test
  void encodesLinksAndBytesInTheReservedForms() {
    assertThat(DagJson.encodeToString(Ipld.of(V0)))
        .isEqualTo("{\"/\":\"QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH\"}");
    assertThat(DagJson.encodeToString(Ipld.of(V0.toV1())))
        .isEqualTo("{\"/\":\"" + V0.toV1() + "\"}");
    assertThat(DagJson.encodeToString(Ipld.of(new byte[] {0, 1, 2, 3, 4})))
        .isEqualTo("{\"/\":{\"bytes\":\"AAECAwQ\"}}");
    assertThat(dec("{\"/\":{\"bytes\":\"AAECAwQ\"}}"))
        .isEqualTo(Ipld.of(new byte[] {0, 1, 2, 3, 4}));
    assertThat(dec("{\"/\":\"" + V0 + "\"}")).isEqualTo(Ipld.of(V0));
  }

  @Test
  void writesFloatsAsKuboDoes() {
    // Kubo (refmt's emitFloat) writes a whole float without ".0" where JavaScript's dag-json
    // writes "1.0" and "100000000000000000000.0", and -0.0 as "-0" where it writes "0"; Cairn
    // writes Kubo's bytes (DagJsonAsKuboTest holds the rules). The other values agree.
    assertThat(DagJson.encodeToString(Ipld.of(1.0))).isEqualTo("1");
    assertThat(DagJson.encodeToString(Ipld.of(-2.5))).isEqualTo("-2.5");
    assertThat(DagJson.encodeToString(Ipld.of(0.1))).isEqualTo("0.1");
    assertThat(DagJson.encodeToString(Ipld.of(1e21))).isEqualTo("1e+21");
    assertThat(DagJson.encodeToString(Ipld.of(1e20))).isEqualTo("100000000000000000000");
    assertThat(DagJson.encodeToString(Ipld.of(1.5e-7))).isEqualTo("1.5e-7");
    assertThat(DagJson.encodeToString(Ipld.of(0.000001))).isEqualTo("0.000001");
    assertThat(DagJson.encodeToString(Ipld.of(123456.789))).isEqualTo("123456.789");
    assertThat(DagJson.encodeToString(Ipld.of(Double.MIN_VALUE))).isEqualTo("5e-324");
    assertThat(DagJson.encodeToString(Ipld.of(Double.MAX_VALUE)))
        .isEqualTo("1.7976931348623157e+308");
    assertThat(DagJson.encodeToString(Ipld.of(2e-323))).isEqualTo("2e-323");
    assertThat(DagJson.encodeToString(Ipld.of(-0.0))).isEqualTo("-0");
    assertThat(dec("1.0")).isEqualTo(Ipld.of(1.0));
    assertThat(dec("1e+21")).isEqualTo(Ipld.of(1e21));
    assertThat(dec("1")).isEqualTo(Ipld.of(1));
  }

  @Test
  void roundTripsBigIntegers() {
    assertThat(DagJson.encodeToString(Ipld.of(Ipld.MAX_INT))).isEqualTo("18446744073709551615");
    assertThat(dec("-18446744073709551616")).isEqualTo(Ipld.of(Ipld.MIN_INT));
    assertThat(dec("18446744073709551615"))
        .isEqualTo(Ipld.of(new BigInteger("18446744073709551615")));
  }

  @Test
  void readsTheReservedNamespaceAsTheSpecSays() {
    // Not links or bytes, but valid maps:
    assertThat(dec("{\"/\":true,\"bar\":\"baz\"}").asMap()).containsKeys("/", "bar");
    assertThat(dec("{\"/\":{\"bytes\":true}}").asMap().get("/").asMap().get("bytes"))
        .isEqualTo(Ipld.TRUE);
    assertThat(dec("{\"/\":{\"abar\":\"baz\",\"bytes\":\"foo\"}}").asMap()).containsKey("/");
    assertThat(dec("{\"/\":{}}").asMap()).containsKey("/");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "link map with another key | {\"/\":\"QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH\",\"bar\":1} | may have no other key",
        "bytes map with another inner key | {\"/\":{\"bytes\":\"AA\",\"bar\":1}} | no other key inside",
        "bytes map with another outer key | {\"/\":{\"bytes\":\"AA\"},\"bar\":1} | no other key beside",
        "link that is not a CID | {\"/\":\"foo\"} | not a valid CID",
        "CIDv1 not in base32 | {\"/\":\"zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA\"} | must be written as",
        "bytes that are not base64 | {\"/\":{\"bytes\":\"*\"}} | not valid base64",
        "padded base64 | {\"/\":{\"bytes\":\"AA==\"}} | unpadded base64",
        "duplicate key | {\"a\":1,\"a\":2} | duplicate map key 'a'",
        "unsorted keys | {\"b\":1,\"a\":2} | out of order",
        "whitespace | { \"a\":1} | whitespace",
        "trailing data | 1 2 | whitespace",
        "trailing garbage | 1x | unexpected data",
        "NaN | NaN | unexpected character",
        "leading zero | 01 | unexpected data",
        "bare decimal point | 1. | no digit after the decimal point",
        "float out of range | 1e400 | beyond the float range",
        "integer out of range | 18446744073709551616 | outside the range",
        "unterminated string | \"abc | not terminated",
        "control character in string | \"a\u0001\" | must be escaped",
        "unpaired surrogate escape | \"\\ud800\" | unpaired surrogate",
        "bad escape | \"\\x\" | invalid escape",
        "unclosed list | [1,2 | expected ',' or ']'",
        "empty input | '' | input is empty",
      })
  void rejectsInvalidDagJson(String name, String input, String message) {
    assertThatThrownBy(() -> dec(input))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining(message)
        .hasMessageContaining("at byte");
  }

  @Test
  void anIntegerOfMillionsOfDigitsIsRefusedAtOnce() {
    // BigInteger parses decimal text in time quadratic in its length: 2 million digits took
    // minutes, so one block (or one dag put) could hold a core that long.
    String digits = "9".repeat(2_000_000);
    for (String number : List.of(digits, "-" + digits)) {
      byte[] block = ("[1," + number + "]").getBytes(StandardCharsets.US_ASCII);
      assertTimeoutPreemptively(
          Duration.ofSeconds(5),
          () ->
              assertThatThrownBy(() -> DagJson.links(block))
                  .isInstanceOf(CodecException.class)
                  .hasMessageContaining("integer of 2000000 digits is outside the range")
                  .hasMessageContaining("at byte 3"));
    }
    assertThat(dec("-18446744073709551616")).isEqualTo(Ipld.of(Ipld.MIN_INT));
    assertThat(dec("18446744073709551615")).isEqualTo(Ipld.of(Ipld.MAX_INT));
    assertThatThrownBy(() -> dec("-18446744073709551617"))
        .hasMessageContaining("outside the range");
  }

  @Test
  void lenientDecodingAcceptsWhitespaceAndAnyKeyOrderButKeepsTheReservedRules() {
    Ipld v = lenient(" { \"b\" : 1 ,\n \"a\" : [ 1 , 2 ] } ");
    assertThat(DagJson.encodeToString(v)).isEqualTo("{\"a\":[1,2],\"b\":1}");
    assertThat(lenient("{\"/\":{\"bytes\":\"AA==\"}}")).isEqualTo(Ipld.of(new byte[] {0}));
    // Kubo's decoder reads a "/" map with another key as a map (DagJsonAsKuboTest), and so does
    // lenient decoding; strict decoding keeps the spec's rule.
    assertThatThrownBy(() -> dec("{\"/\":\"" + V0 + "\",\"x\":1}"))
        .hasMessageContaining("no other key");
    assertThatThrownBy(() -> lenient("{\"a\":1,\"a\":1}")).hasMessageContaining("duplicate");
  }

  @Test
  void refusesToEncodeMapsThatWouldReadBackAsLinksOrBytes() {
    assertThatThrownBy(() -> DagJson.encode(Ipld.map(Map.of("/", Ipld.of("x")))))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("reserved form of a link");
    assertThatThrownBy(
            () -> DagJson.encode(Ipld.map(Map.of("/", Ipld.map(Map.of("bytes", Ipld.of("AA")))))))
        .hasMessageContaining("reserved form of bytes");
    // A "/" key that is not first, or not a string, is fine.
    assertThat(DagJson.encodeToString(Ipld.map(Map.of("/", Ipld.of(1), "x", Ipld.of(2)))))
        .isEqualTo("{\"/\":1,\"x\":2}");
  }

  @Test
  void linksComeInTheOrderOfTheJsonBytes() {
    Cid v1 = V0.toV1();
    // DAG-JSON sorts "aa" before "b"; DAG-CBOR would put "b" first.
    byte[] json = DagJson.encode(Ipld.map(Map.of("b", Ipld.of(V0), "aa", Ipld.of(v1))));
    assertThat(DagJson.links(json)).containsExactly(v1, V0);
  }

  /**
   * go-ipld-prime's DAG-JSON decoder (refmt's) turns bytes that are not UTF-8 and unpaired
   * surrogate escapes into U+FFFD instead of failing, so Kubo walks such a block; a walk reads its
   * links too, lenient decoding reads it as Kubo does, and strict decoding refuses it.
   */
  @Test
  void linksAreReadPastStringsThatAreNotUtf8() {
    byte[] head = ("{\"l\":{\"/\":\"" + V0 + "\"},\"s\":\"").getBytes(StandardCharsets.UTF_8);
    byte[] bad = {(byte) 0xc3, '(', '"', ',', '"', 'u', '"', ':', '"'};
    byte[] tail = "\\ud800\"}".getBytes(StandardCharsets.UTF_8);
    byte[] block = new byte[head.length + bad.length + tail.length];
    System.arraycopy(head, 0, block, 0, head.length);
    System.arraycopy(bad, 0, block, head.length, bad.length);
    System.arraycopy(tail, 0, block, head.length + bad.length, tail.length);

    assertThat(DagJson.links(block)).containsExactly(V0);
    assertThatThrownBy(() -> DagJson.decode(block, Strictness.STRICT))
        .hasMessageContaining("string is not valid UTF-8");
    // Lenient decoding used to refuse these too; it now reads them as Kubo does (U+FFFD).
    assertThat(DagJson.decode(block, Strictness.LENIENT).asMap().get("s"))
        .isEqualTo(Ipld.of("\uFFFD("));
    byte[] surrogate = "{\"u\":\"\\ud800\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(DagJson.links(surrogate)).isEmpty();
    assertThatThrownBy(() -> DagJson.decode(surrogate, Strictness.STRICT))
        .hasMessageContaining("unpaired surrogate");
    assertThat(DagJson.decode(surrogate, Strictness.LENIENT))
        .isEqualTo(Ipld.map(Map.of("u", Ipld.of("\uFFFD"))));
    // Everything else outside the data model is still refused when only links are read.
    byte[] control = "{\"u\":\"\u0001\"}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> DagJson.links(control)).hasMessageContaining("control character");
  }

  @Test
  void convertsBetweenCodecsThroughTheDataModel() {
    Ipld v =
        Ipld.map(
            Map.of(
                "n", Ipld.of(-7),
                "f", Ipld.of(0.5),
                "s", Ipld.of("🍤"),
                "l", Ipld.of(V0),
                "b", Ipld.of(new byte[] {9, 8, 7})));
    Ipld viaJson = DagJson.decode(DagJson.encode(DagCbor.decode(DagCbor.encode(v))));
    assertThat(viaJson).isEqualTo(v);
  }
}
