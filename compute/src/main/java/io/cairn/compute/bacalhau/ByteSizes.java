package io.cairn.compute.bacalhau;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Bacalhau's memory sizes ("64mb", "1Gb", "512MiB", "1.5gb", "1048576"). As in Bacalhau,
 * whose sizes go through a datasize parser with binary units, "kb", "mb", "gb", "tb" and their
 * "kib"… forms are powers of 1024, case-insensitive.
 */
final class ByteSizes {
  private static final Pattern SIZE =
      Pattern.compile("^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([a-z]*)\\s*$");
  private static final Map<String, Long> UNITS =
      Map.ofEntries(
          Map.entry("", 1L),
          Map.entry("b", 1L),
          Map.entry("k", 1L << 10),
          Map.entry("kb", 1L << 10),
          Map.entry("kib", 1L << 10),
          Map.entry("m", 1L << 20),
          Map.entry("mb", 1L << 20),
          Map.entry("mib", 1L << 20),
          Map.entry("g", 1L << 30),
          Map.entry("gb", 1L << 30),
          Map.entry("gib", 1L << 30),
          Map.entry("t", 1L << 40),
          Map.entry("tb", 1L << 40),
          Map.entry("tib", 1L << 40));

  private ByteSizes() {}

  static long parse(String field, String text) {
    Matcher m = SIZE.matcher(text.toLowerCase(Locale.ROOT));
    Long unit = m.matches() ? UNITS.get(m.group(2)) : null;
    if (unit == null) {
      throw new IllegalArgumentException(
          "Bacalhau " + field + " '" + text + "' is not a size such as 64mb or 1Gb");
    }
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("Bacalhau " + field + " '" + text + "' is too large");
    }
    return bytes.longValue();
  }
}
