package io.cairn.node.metrics;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Label values kept to small, known sets, so that no client can grow the number of series by
 * sending odd paths, methods or status codes.
 */
final class Labels {
  static final String OTHER = "other";
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE");
  private static final Pattern KIND = Pattern.compile("[a-z0-9_.-]{1,32}");

  private Labels() {}

  /** A three-digit HTTP status, or {@code other}. */
  static String status(int status) {
    return status >= 100 && status <= 599 ? Integer.toString(status) : OTHER;
  }

  /** A standard HTTP method in upper case, or {@code other}. */
  static String method(String method) {
    String m = method == null ? "" : method.toUpperCase(Locale.ROOT);
    return METHODS.contains(m) ? m : OTHER;
  }

  /** A short lower-case word such as {@code file} or {@code car}, or {@code other}. */
  static String kind(String kind) {
    String k = kind == null ? "" : kind.toLowerCase(Locale.ROOT);
    return KIND.matcher(k).matches() ? k : OTHER;
  }
}
