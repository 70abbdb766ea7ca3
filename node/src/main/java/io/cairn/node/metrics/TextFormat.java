package io.cairn.node.metrics;

import java.util.List;

/**
 * Writes Prometheus' text exposition format, version 0.0.4: a {@code # HELP} and a {@code # TYPE}
 * line per family, then one line per sample, {@code name{label="value",...} number}.
 */
final class TextFormat {
  /** The Content-Type a scrape answers with. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final StringBuilder out = new StringBuilder(8192);

  /** Starts a family: its help text and its type ({@code counter}, {@code gauge}, ...). */
  void family(String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  /** One sample without labels. */
  void sample(String name, double value) {
    sample(name, List.of(), List.of(), value);
  }

  /**
   * One sample.
   *
   * @param names label names
   * @param values label values, as many as names
   */
  void sample(String name, List<String> names, List<String> values, double value) {
    out.append(name);
    if (!names.isEmpty()) {
      out.append('{');
      for (int i = 0; i < names.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(names.get(i)).append("=\"").append(escapeLabel(values.get(i))).append('"');
      }
      out.append('}');
    }
    out.append(' ').append(number(value)).append('\n');
  }

  String text() {
    return out.toString();
  }

  /** A label value with backslash, double quote and line feed escaped, as the format asks. */
  static String escapeLabel(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  static String escapeHelp(String v) {
    return v.replace("\\", "\\\\").replace("\n", "\\n");
  }

  /** A number as Prometheus parses it: integers without a fraction, {@code +Inf}, {@code NaN}. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
