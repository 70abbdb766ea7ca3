package io.cairn.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Sizes and durations written the way Kubo's config writes them: sizes as go-humanize's {@code
 * ParseBytes} reads them ({@code "10GB"} is 10^10 bytes, {@code "256KiB"} is 262144), durations as
 * Go's {@code time.ParseDuration} reads them ({@code "1h"}, {@code "1h30m"}, {@code "500ms"}).
 */
public final class Units {
  // go-humanize's bytesSizeTable: SI and IEC units, with or without the trailing "b".
  private static final Map<String, Long> SIZE_UNITS =
      Map.ofEntries(
          Map.entry("", 1L),
          Map.entry("b", 1L),
          Map.entry("k", 1000L),
          Map.entry("kb", 1000L),
          Map.entry("ki", 1L << 10),
          Map.entry("kib", 1L << 10),
          Map.entry("m", 1000_000L),
          Map.entry("mb", 1000_000L),
          Map.entry("mi", 1L << 20),
          Map.entry("mib", 1L << 20),
          Map.entry("g", 1000_000_000L),
          Map.entry("gb", 1000_000_000L),
          Map.entry("gi", 1L << 30),
          Map.entry("gib", 1L << 30),
          Map.entry("t", 1000_000_000_000L),
          Map.entry("tb", 1000_000_000_000L),
          Map.entry("ti", 1L << 40),
          Map.entry("tib", 1L << 40),
          Map.entry("p", 1000_000_000_000_000L),
          Map.entry("pb", 1000_000_000_000_000L),
          Map.entry("pi", 1L << 50),
          Map.entry("pib", 1L << 50),
          Map.entry("e", 1000_000_000_000_000_000L),
          Map.entry("eb", 1000_000_000_000_000_000L),
          Map.entry("ei", 1L << 60),
          Map.entry("eib", 1L << 60));

  // Go's time.ParseDuration units, in nanoseconds.
  private static final Map<String, Long> DURATION_UNITS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "\u00b5s", 1_000L,
          "\u03bcs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private Units() {}

  /**
   * Parses a size such as {@code "10GB"}, {@code "1.5 MiB"} or {@code "4096"}.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  static long parseBytes(String text) {
    int end = 0;
    while (end < text.length()
        && (Character.isDigit(text.charAt(end))
            || text.charAt(end) == '.'
            || text.charAt(end) == ',')) {
      end++;
    }
    String number = text.substring(0, end).replace(",", "");
    String unit = text.substring(end).strip().toLowerCase(Locale.ROOT);
    if (number.isEmpty() || number.equals(".")) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size (use a number and a unit such as \"10GB\" or \"256KiB\")");
    }
    Long multiplier = SIZE_UNITS.get(unit);
    if (multiplier == null) {
      throw new IllegalArgumentException(
          "'" + text + "' has the unknown size unit '" + text.substring(end).strip() + "'");
    }
    BigDecimal value;
    try {
      value = new BigDecimal(number).multiply(BigDecimal.valueOf(multiplier));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a size", e);
    }
    if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("'" + text + "' is too large");
    }
    return value.setScale(0, RoundingMode.DOWN).longValueExact();
  }

  /**
   * Parses a Go duration such as {@code "1h"}, {@code "1h30m"} or {@code "1.5s"}; negative
   * durations are refused.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static Duration parseDuration(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    if (text.isEmpty()) {
      throw new IllegalArgumentException("duration is empty");
    }
    if (text.startsWith("-")) {
      throw new IllegalArgumentException("'" + text + "' is a negative duration");
    }
    String s = text.startsWith("+") ? text.substring(1) : text;
    BigDecimal nanos = BigDecimal.ZERO;
    int pos = 0;
    while (pos < s.length()) {
      int start = pos;
      while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
        pos++;
      }
      String number = s.substring(start, pos);
      int unitStart = pos;
      while (pos < s.length() && !Character.isDigit(s.charAt(pos)) && s.charAt(pos) != '.') {
        pos++;
      }
      String unit = s.substring(unitStart, pos);
      if (number.isEmpty()
          || number.equals(".")
          || number.indexOf('.') != number.lastIndexOf('.')) {
        throw new IllegalArgumentException("'" + text + "' is not a duration (such as \"1h30m\")");
      }
      Long unitNanos = DURATION_UNITS.get(unit);
      if (unitNanos == null) {
        throw new IllegalArgumentException(
            unit.isEmpty()
                ? "'" + text + "' has a number without a unit (ns, us, ms, s, m or h)"
                : "'" + text + "' has the unknown duration unit '" + unit + "'");
      }
      nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos)));
    }
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("'" + text + "' is too long a duration");
    }
    return Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
  }
}
