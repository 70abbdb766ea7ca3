package io.cairn.storage.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.testing.JsReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Our DAG-CBOR and DAG-JSON against @ipld/dag-cbor and @ipld/dag-json, byte for byte. */
@Tag("interop")
class IpldCodecsIT {
  private static final HexFormat HEX = HexFormat.of();

  /** Runs the reference over "codec hex" lines; each answer is "OK cbor json" or "ERR why". */
  private static List<String> reference(List<String> lines) {
    String out =
        JsReference.run(
            "ipld-codecs.mjs",
            (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8),
            "reencode");
    List<String> answers = out.lines().toList();
    assertThat(answers).hasSameSizeAs(lines);
    return answers;
  }

  /**
   * Whether @ipld/dag-json writes {@code v} as Kubo (and so Cairn) does. They differ on whole
   * floats (JavaScript adds ".0", Go's strconv does not), negative zero (JavaScript "0", Go "-0"),
   * and the characters refmt's emitString escapes and JavaScript does not (backspace, form feed,
   * U+2028, U+2029): for those values only the DAG-CBOR bytes and the data model are compared.
   */
  private static boolean jsWritesAsKubo(Ipld v) {
    return switch (v) {
      case Ipld.Float f -> f.value() != Math.rint(f.value()) && !Double.isInfinite(f.value());
      case Ipld.Str s ->
          s.value().chars().noneMatch(c -> c == '\b' || c == '\f' || c == 0x2028 || c == 0x2029);
      case Ipld.List l -> l.values().stream().allMatch(IpldCodecsIT::jsWritesAsKubo);
      case Ipld.Map m ->
          m.entries().entrySet().stream()
              .allMatch(e -> jsWritesAsKubo(Ipld.of(e.getKey())) && jsWritesAsKubo(e.getValue()));
      default -> true;
    };
  }

  @Test
  void ourEncodingsOfRandomValuesMatchTheReference() {
    RandomIpld gen = new RandomIpld(20240611);
    List<Ipld> values = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      Ipld v = gen.value();
      values.add(v);
      lines.add("dag-cbor " + HEX.formatHex(DagCbor.encode(v)));
      lines.add("dag-json " + HEX.formatHex(DagJson.encode(v)));
    }
    List<String> answers = reference(lines);
    int compared = 0;
    for (int i = 0; i < values.size(); i++) {
      String cbor = HEX.formatHex(DagCbor.encode(values.get(i)));
      String json = HEX.formatHex(DagJson.encode(values.get(i)));
      if (!jsWritesAsKubo(values.get(i))) {
        assertThat(answers.get(2 * i)).as("dag-cbor of %s", values.get(i)).startsWith("OK " + cbor);
        continue;
      }
      compared++;
      String expected = "OK " + cbor + " " + json;
      assertThat(answers.get(2 * i)).as("dag-cbor of %s", values.get(i)).isEqualTo(expected);
      assertThat(answers.get(2 * i + 1))
          .as("dag-json %s", DagJson.encodeToString(values.get(i)))
          .isEqualTo(expected);
    }
    assertThat(compared).as("values both write alike").isGreaterThan(values.size() / 4);
  }

  @Test
  void referenceEncodingsOfRandomValuesDecodeAndReencodeIdentically() {
    String out = JsReference.run("ipld-codecs.mjs", "generate", "77", "600");
    List<String> lines = out.lines().toList();
    assertThat(lines).hasSize(600);
    for (String line : lines) {
      String[] parts = line.split(" ");
      byte[] cbor = HEX.parseHex(parts[0]);
      byte[] json = HEX.parseHex(parts[1]);
      Ipld fromCbor = DagCbor.decode(cbor);
      Ipld fromJson = DagJson.decode(json);
      assertThat(fromJson).as(new String(json, StandardCharsets.UTF_8)).isEqualTo(fromCbor);
      assertThat(DagCbor.encode(fromCbor)).isEqualTo(cbor);
      if (jsWritesAsKubo(fromCbor)) {
        assertThat(DagJson.encode(fromCbor)).isEqualTo(json);
      }
    }
  }

  /**
   * Hand-written invalid inputs. Where the reference rejects one, we must too; the few it takes (it
   * relaxes what the DAG-CBOR spec lets decoders relax, and more) we reject as the spec's strict
   * rules ask, and the list says so.
   */
  private record Bad(String codec, String input, boolean referenceRejects, String why) {}

  private static final List<Bad> BAD =
      List.of(
          cbor("1817", true, "integer not in shortest form"),
          cbor("1900ff", true, "16-bit integer that fits 8 bits"),
          cbor("1a0000ffff", true, "32-bit integer that fits 16 bits"),
          cbor("1b00000000ffffffff", true, "64-bit integer that fits 32 bits"),
          cbor("3800", true, "negative integer not in shortest form"),
          cbor("780161", true, "string length not in shortest form"),
          cbor("5801ff", true, "byte string length not in shortest form"),
          cbor("9800", true, "array length not in shortest form"),
          cbor("b800", true, "map length not in shortest form"),
          cbor("9f01ff", true, "indefinite-length array"),
          cbor("bf616101ff", true, "indefinite-length map"),
          cbor("7f616161ff", true, "indefinite-length string"),
          cbor("5f4101ff", true, "indefinite-length bytes"),
          cbor("ff", true, "stray break"),
          cbor("c100", true, "tag 1"),
          cbor("d8ff00", true, "tag 255"),
          cbor("d9002a4700015514000000", true, "tag 42 in long form"),
          cbor("d82a6161", true, "tag 42 over a text string"),
          cbor("d82a4401550000", true, "link without the 0x00 prefix"),
          cbor("d82a43000203", true, "link with an invalid CID"),
          cbor("fb7ff8000000000000", true, "NaN"),
          cbor("f97e00", true, "16-bit NaN"),
          cbor("fb7ff0000000000000", true, "infinity"),
          cbor("fa7f800000", true, "32-bit infinity"),
          cbor("fbfff0000000000000", true, "negative infinity"),
          cbor("a2616101616102", true, "duplicate map key"),
          cbor("a10101", true, "integer map key"),
          cbor("a1410101", true, "bytes map key"),
          cbor("0000", true, "trailing bytes"),
          cbor("", true, "empty input"),
          cbor("1a0001", true, "truncated integer"),
          cbor("6361", true, "truncated string"),
          cbor("830102", true, "truncated array"),
          cbor("a16161", true, "truncated map"),
          cbor("1c", true, "reserved additional information"),
          cbor("f7", false, "undefined (the reference reads null)"),
          cbor("f93c00", false, "16-bit float"),
          cbor("fa3fc00000", false, "32-bit float"),
          cbor("a2616201616102", false, "unsorted map keys"),
          cbor("a262616101616202", false, "longer key before a shorter one"),
          cbor("62c328", false, "invalid UTF-8 (the reference substitutes U+FFFD)"),
          json("{\"/\":\"bafkqaaa\",\"x\":1}", true, "link map with another key"),
          json("{\"/\":{\"bytes\":\"AA\",\"x\":1}}", true, "bytes map with another inner key"),
          json("{\"/\":{\"bytes\":\"AA\"},\"x\":1}", true, "bytes map with another outer key"),
          json("{\"/\":\"foo\"}", true, "link that is not a CID"),
          json("{\"/\":{\"bytes\":\"*\"}}", true, "bytes that are not base64"),
          json("{\"a\":1,\"a\":2}", true, "duplicate key"),
          json("NaN", true, "NaN"),
          json("[1,2", true, "unclosed list"),
          json("\"abc", true, "unterminated string"),
          json("1x", true, "trailing garbage"),
          json("", true, "empty input"),
          json("{\"b\":1,\"a\":2}", false, "unsorted keys"),
          json("{ \"a\":1}", false, "whitespace"),
          json("{\"/\":{\"bytes\":\"AA==\"}}", false, "padded base64"),
          json("\"\\ud800\"", false, "unpaired surrogate escape"),
          json(
              "{\"/\":\"zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA\"}",
              false,
              "CIDv1 not in base32"));

  private static Bad cbor(String hex, boolean referenceRejects, String why) {
    return new Bad("dag-cbor", hex, referenceRejects, why);
  }

  private static Bad json(String text, boolean referenceRejects, String why) {
    return new Bad(
        "dag-json", HEX.formatHex(text.getBytes(StandardCharsets.UTF_8)), referenceRejects, why);
  }

  @Test
  void inputsTheReferenceRejectsWeRejectToo() {
    List<String> answers = reference(BAD.stream().map(b -> b.codec() + " " + b.input()).toList());
    for (int i = 0; i < BAD.size(); i++) {
      Bad bad = BAD.get(i);
      byte[] bytes = HEX.parseHex(bad.input());
      assertThat(answers.get(i).startsWith("ERR"))
          .as(
              "the reference %s %s (%s): %s",
              bad.referenceRejects() ? "rejects" : "accepts",
              bad.codec(),
              bad.why(),
              answers.get(i))
          .isEqualTo(bad.referenceRejects());
      assertThatThrownBy(
              () -> {
                if (bad.codec().equals("dag-cbor")) {
                  DagCbor.decode(bytes);
                } else {
                  DagJson.decode(bytes);
                }
              })
          .as("%s %s", bad.codec(), bad.why())
          .isInstanceOf(CodecException.class);
    }
  }
}
