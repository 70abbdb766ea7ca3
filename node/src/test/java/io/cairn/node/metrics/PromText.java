package io.cairn.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a scrape in the text exposition format strictly: every sample's family declared by a
 * {@code # TYPE} line before it, every line well formed. Samples are keyed by name and labels, the
 * labels in name order and bucket bounds as numbers ({@code cairn_pins{type="recursive"}}, {@code
 * x_bucket{k="a",le="1"}}), so that keys do not depend on how a writer orders labels or formats
 * numbers.
 */
final class PromText {
  private static final String LABEL =
      "([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"";
  private static final Pattern SAMPLE =
      Pattern.compile(
          "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:"
              + LABEL
              + ",?)*})?"
              + " (NaN|[+-]Inf|[-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)");
  private static final Pattern LABELS = Pattern.compile(LABEL);
  private static final Pattern TYPE =
      Pattern.compile(
          "# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");

  final Map<String, Double> samples = new LinkedHashMap<>();
  final Map<String, String> types = new HashMap<>();

  /** Per family, the names of the labels its samples carry ({@code le} included). */
  final Map<String, Set<String>> labelNames = new HashMap<>();

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
      Map<String, String> labels = labels(m.group(2));
      p.labelNames.computeIfAbsent(family, f -> new TreeSet<>()).addAll(labels.keySet());
      String key = key(name, labels);
      assertThat(p.samples).as("sample repeated: " + line).doesNotContainKey(key);
      p.samples.put(key, Double.parseDouble(m.group(5).replace("Inf", "Infinity")));
    }
    return p;
  }

  private static Map<String, String> labels(String block) {
    Map<String, String> labels = new TreeMap<>();
    if (block != null) {
      Matcher l = LABELS.matcher(block);
      while (l.find()) {
        String value = l.group(2);
        if (l.group(1).equals("le") && !value.equals("+Inf")) {
          value = number(Double.parseDouble(value));
        }
        labels.put(l.group(1), value);
      }
    }
    return labels;
  }

  /** A sample's key as this class stores it: labels in name order, {@code le} as a number. */
  private static String key(String name, Map<String, String> labels) {
    if (labels.isEmpty()) {
      return name;
    }
    StringBuilder key = new StringBuilder(name).append('{');
    labels.forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
    key.setLength(key.length() - 1);
    return key.append('}').toString();
  }

  /** A bucket bound as keys write it: {@code 1} for 1.0, {@code 0.0025} as it is. */
  static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
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

  /** The value of a sample, its labels given in any order. */
  double value(String key) {
    String k = normalise(key);
    assertThat(samples).as("scrape has " + key).containsKey(k);
    return samples.get(k);
  }

  double valueOr(String key, double absent) {
    return samples.getOrDefault(normalise(key), absent);
  }

  private static String normalise(String key) {
    int brace = key.indexOf('{');
    return brace < 0 ? key : key(key.substring(0, brace), labels(key.substring(brace)));
  }
}
