package io.cairn.storage.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.testing.JsReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Our plain cbor and json codecs against the JavaScript ones: cborg (told not to sort keys and to
 * write 64-bit floats, as go-ipld-prime's cbor does) must give our cbor bytes back exactly; the
 * JavaScript json codec writes compact JSON (Kubo's is indented), so its output is held to ours
 * through a decode: same values, same key order. Values stay where JavaScript is exact: integers
 * within 2^53, floats that are not whole, keys that are not array indexes (a JavaScript object puts
 * those first).
 */
@Tag("interop")
class PlainCodecsIT {
  private static final HexFormat HEX = HexFormat.of();
  private static final String CHARS = "abcXYZ09 \"\\/\n\t\b\f\u0001\u007fé\u2028€\uD83D\uDE00{}";

  private final Random random = new Random(20260724);

  private String string(boolean key) {
    StringBuilder sb = new StringBuilder(key ? "k" : "");
    int n = random.nextInt(8);
    for (int i = 0; i < n; i++) {
      int at = random.nextInt(CHARS.length());
      if (Character.isSurrogate(CHARS.charAt(at))) {
        at = CHARS.indexOf('\uD83D');
        sb.append(CHARS, at, at + 2);
      } else {
        sb.append(CHARS.charAt(at));
      }
    }
    return sb.toString();
  }

  private Ipld value(int depth) {
    switch (random.nextInt(depth > 3 ? 6 : 8)) {
      case 0:
        return Ipld.NULL;
      case 1:
        return Ipld.of(random.nextBoolean());
      case 2:
        return Ipld.of(random.nextLong() >> (11 + random.nextInt(50)));
      case 3:
        double f;
        do {
          f = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(36) - 20);
        } while (f == Math.rint(f)); // a whole float is an integer to JavaScript
        return Ipld.of(f);
      case 4:
      case 5:
        return Ipld.of(string(false));
      case 6:
        List<Ipld> list = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          list.add(value(depth + 1));
        }
        return Ipld.list(list);
      default:
        var map = new LinkedHashMap<String, Ipld>();
        for (int i = random.nextInt(6); i > 0; i--) {
          map.put(string(true), value(depth + 1));
        }
        return Ipld.mapInOrder(map);
    }
  }

  @Test
  void cborgAndTheJsonCodecReadAndWriteWhatWeDo() {
    List<Ipld> values = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      Ipld v = value(0);
      values.add(v);
      lines.add("cbor " + HEX.formatHex(PlainCbor.encode(v)));
      lines.add("json " + HEX.formatHex(PlainJson.encode(v)));
    }
    String out =
        JsReference.run(
            "ipld-codecs.mjs",
            (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8),
            "plain");
    List<String> answers = out.lines().toList();
    assertThat(answers).hasSameSizeAs(lines);
    for (int i = 0; i < answers.size(); i++) {
      Ipld v = values.get(i / 2);
      String json = new String(PlainJson.encode(v), StandardCharsets.UTF_8);
      String[] parts = answers.get(i).split(" ");
      assertThat(parts[0]).as("%s of %s", lines.get(i), json).isEqualTo("OK");
      assertThat(parts[1])
          .as("cborg's cbor of %s", json)
          .isEqualTo(HEX.formatHex(PlainCbor.encode(v)));
      Ipld fromJs = PlainJson.decode(HEX.parseHex(parts[2]));
      assertThat(fromJs).as("JSON.stringify of %s", json).isEqualTo(v);
      assertThat(new String(PlainJson.encode(fromJs), StandardCharsets.UTF_8)).isEqualTo(json);
    }
  }
}
