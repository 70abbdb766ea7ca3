package io.cairn.storage.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plain json and cbor codecs, held to go-ipld-prime's codec/json and codec/cbor. */
class PlainCodecsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Cid LINK = Cid.parse("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");

  private static byte[] hex(String s) {
    return HEX.parseHex(s.replace(" ", ""));
  }

  private static String json(Ipld v) {
    return new String(PlainJson.encode(v), StandardCharsets.UTF_8);
  }

  private static Ipld fromJson(String text) {
    return PlainJson.decode(text.getBytes(StandardCharsets.UTF_8));
  }

  /** go-ipld-prime's codec/cbor roundtrip_test.go: a map built in this order, written unsorted. */
  @Test
  void cborKeepsMapOrderAsGoIpldPrimeFixture() {
    var inner = new LinkedHashMap<String, Ipld>();
    inner.put("one", Ipld.of(1));
    inner.put("two", Ipld.of(2));
    var nested = new LinkedHashMap<String, Ipld>();
    nested.put("deeper", Ipld.list(Ipld.of("things")));
    var m = new LinkedHashMap<String, Ipld>();
    m.put("plain", Ipld.of("olde string"));
    m.put("map", Ipld.mapInOrder(inner));
    m.put("list", Ipld.list(Ipld.of("three"), Ipld.of("four")));
    m.put("nested", Ipld.mapInOrder(nested));
    byte[] serial =
        ("\u00a4eplainkolde stringcmap\u00a2cone\u0001ctwo\u0002dlist\u0082ethreedfourfnested"
                + "\u00a1fdeeper\u0081fthings")
            .getBytes(StandardCharsets.ISO_8859_1);

    assertThat(PlainCbor.encode(Ipld.mapInOrder(m))).isEqualTo(serial);
    Ipld decoded = PlainCbor.decode(serial);
    assertThat(decoded.asMap().keySet()).containsExactly("plain", "map", "list", "nested");
    assertThat(decoded).isEqualTo(Ipld.mapInOrder(m));
    assertThat(PlainCbor.encode(decoded)).isEqualTo(serial);
    // DAG-CBOR of the same value sorts the keys, length first.
    assertThat(DagCbor.encode(decoded)).startsWith(hex("a4 636d6170"));
    assertThat(PlainCbor.encode(Ipld.of("applesauce")))
        .isEqualTo("japplesauce".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void cborWritesNumbersAsDagCborDoesAndReadsLeniently() {
    assertThat(PlainCbor.encode(Ipld.list(Ipld.of(1.5), Ipld.of(500), Ipld.of(-1))))
        .isEqualTo(hex("83 fb3ff8000000000000 1901f4 20"));
    assertThat(PlainCbor.decode(hex("82 1817 f93e00")))
        .isEqualTo(Ipld.list(Ipld.of(23), Ipld.of(1.5)));
  }

  @Test
  void cborRefusesLinksBothWays() {
    assertThatThrownBy(() -> PlainCbor.encode(Ipld.list(Ipld.of(LINK))))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot Marshal ipld links to CBOR");
    byte[] tagged = DagCbor.encode(Ipld.of(LINK));
    assertThat(DagCbor.decode(tagged)).isEqualTo(Ipld.of(LINK));
    assertThatThrownBy(() -> PlainCbor.decode(tagged))
        .isInstanceOf(CodecException.class)
        .hasMessage("cbor: unhandled cbor tag 42 at byte 0");
  }

  /** refmt's JSON writer with go-ipld-prime's json options: a newline and a tab per level. */
  @Test
  void jsonIndentsWithTabsAndKeepsMapOrder() {
    var m = new LinkedHashMap<String, Ipld>();
    m.put("b", Ipld.list(Ipld.of(1), Ipld.of(2.5), Ipld.map(java.util.Map.of())));
    m.put("a", Ipld.mapInOrder(new LinkedHashMap<>(java.util.Map.of("/", Ipld.of("x")))));
    m.put("c", Ipld.list());
    assertThat(json(Ipld.mapInOrder(m)))
        .isEqualTo(
            "{\n\t\"b\": [\n\t\t1,\n\t\t2.5,\n\t\t{}\n\t],\n\t\"a\": {\n\t\t\"/\": \"x\"\n\t},"
                + "\n\t\"c\": []\n}\n");
    assertThat(json(Ipld.map(java.util.Map.of()))).isEqualTo("{}\n");
    assertThat(json(Ipld.of("x"))).isEqualTo("\"x\"");
    assertThat(json(Ipld.of(7))).isEqualTo("7");
  }

  /** refmt writes floats as ECMAScript does, so a whole float has no point; escapes as Go does. */
  @Test
  void jsonWritesFloatsAndStringsAsRefmt() {
    assertThat(json(Ipld.list(Ipld.of(1.0), Ipld.of(1e21), Ipld.of(1e-7), Ipld.of(0.000001))))
        .isEqualTo("[\n\t1,\n\t1e+21,\n\t1e-7,\n\t0.000001\n]\n");
    assertThat(json(Ipld.of("\"\\\n\r\t\b\f\u0001\u007f<\u2028\u2029é")))
        .isEqualTo("\"\\\"\\\\\\n\\r\\t\\u0008\\u000c\\u0001\u007f<\\u2028\\u2029é\"");
  }

  @Test
  void jsonRefusesBytesAndLinksInGoIpldPrimesWords() {
    assertThatThrownBy(() -> json(Ipld.list(Ipld.of(new byte[] {1}))))
        .hasMessage("cannot marshal IPLD bytes to this codec");
    assertThatThrownBy(() -> json(Ipld.of(LINK)))
        .hasMessage("cannot marshal IPLD links to this codec");
  }

  @Test
  void jsonReadsSlashMapsAsMapsAndKeepsKeyOrder() {
    String link = "{\"/\":\"" + LINK + "\"}";
    assertThat(fromJson(link)).isEqualTo(Ipld.map(java.util.Map.of("/", Ipld.of(LINK.toString()))));
    Ipld bytes = fromJson("{\"/\": {\"bytes\": \"AQI\"}}");
    assertThat(bytes.asMap().get("/").get("bytes")).isEqualTo(Ipld.of("AQI"));
    Ipld ordered = fromJson(" {\"z\": 1, \"a\": [1.5, 2], \"m\": {}} ");
    assertThat(ordered.asMap().keySet()).containsExactly("z", "a", "m");
    assertThat(json(ordered))
        .isEqualTo("{\n\t\"z\": 1,\n\t\"a\": [\n\t\t1.5,\n\t\t2\n\t],\n\t\"m\": {}\n}\n");
    assertThatThrownBy(() -> fromJson("{\"a\":1,\"a\":2}")).hasMessageContaining("duplicate");
    assertThatThrownBy(() -> fromJson("{\"a\":1} x")).hasMessageStartingWith("json: ");
  }

  /** As refmt's decoder: each byte Go's decoder finds invalid, and a lone surrogate, is U+FFFD. */
  @Test
  void jsonMakesBadTextReplacementCharacters() {
    byte[] text = hex("22 61 e282 62 22"); // "a", a truncated 3-byte sequence, "b"
    assertThat(PlainJson.decode(text)).isEqualTo(Ipld.of("a\uFFFD\uFFFDb"));
    assertThat(fromJson("\"\\udc80x\"")).isEqualTo(Ipld.of("\uFFFDx"));
  }

  @Test
  void dagCodecsAndLinksKnowThePlainCodecs() {
    Ipld v = fromJson("{\"b\":1,\"a\":2}");
    for (Multicodec codec : List.of(Multicodec.JSON, Multicodec.CBOR)) {
      assertThat(DagCodecs.supports(codec.code())).isTrue();
      assertThat(Links.supports(codec.code())).isTrue();
      byte[] block = DagCodecs.encode(codec, v);
      Ipld back = DagCodecs.decode(codec.code(), block, Strictness.STRICT);
      assertThat(back.asMap().keySet()).containsExactly("b", "a");
      Cid cid = Cid.compute(1, codec.code(), io.cairn.storage.HashFunction.SHA2_256, block);
      assertThat(Links.of(cid, block)).isEmpty();
    }
    Cid bad = Cid.compute(1, 0x51, io.cairn.storage.HashFunction.SHA2_256, hex("62c3"));
    assertThatThrownBy(() -> Links.of(bad, hex("62c3"))).isInstanceOf(CodecException.class);
  }
}
