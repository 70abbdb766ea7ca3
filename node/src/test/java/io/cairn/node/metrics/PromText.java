package io.cairn.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a scrape in the text exposition format strictly: every sample's family declared by a
 * {@code # TYPE} line before it, every line well formed. Samples are keyed by name and labels as
 * written ({@code cairn_pins{type="recursive"}}).
 */
final class PromText {
  private static final Pattern SAMPLE =
      Pattern.compile(
          "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*})?"
              + " (NaN|[+-]Inf|[-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)");
  private static final Pattern TYPE =
      Pattern.compile(
          "# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");

  final Map<String, Double> samples = new LinkedHashMap<>();
  final Map<String, String> types = new HashMap<>();

  static PromText parse(String text) {
    PromText p = new PromText();
    for (String line : text.split("\n")) {
      if (line.startsWith("# HELP ")) {
        continue;
      }
      Matcher t = TYPE.matcher(line);
      if (t.matches()) {
        assertThat(p.types).as("family declared twice: " + line).doesNotContainKey(t.group(1));
        p.types.put(t.group(1), t.group(2));
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      assertThat(m.matches()).as("malformed line: " + line).isTrue();
      String name = m.group(1);
      String family = family(name, p.types);
      assertThat(family).as("sample before its # TYPE: " + line).isNotNull();
      String key = name + (m.group(2) == null ? "" : m.group(2));
      assertThat(p.samples).as("sample repeated: " + line).doesNotContainKey(key);
      p.samples.put(key, Double.parseDouble(m.group(3).replace("Inf", "Infinity")));
    }
    return p;
  }

  private static String family(String name, Map<String, String> types) {
    if (types.containsKey(name)) {
      return name;
    }
    for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
      if (name.endsWith(suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        if ("histogram".equals(types.get(base))) {
          return base;
        }
      }
    }
    return null;
  }

  double value(String key) {
    assertThat(samples).as("scrape has " + key).containsKey(key);
    return samples.get(key);
  }

  double valueOr(String key, double absent) {
    return samples.getOrDefault(key, absent);
  }
}
