package io.cairn.node.api;

import java.time.Duration;

/** Durations written as Go's {@code time.Duration.String()}: {@code 48h0m0s}, {@code 1m30s}. */
public final class GoDurations {
  private GoDurations() {}

  /**
   * Go's form: {@code 0s}; under a second in the largest of {@code ns}, {@code µs}, {@code ms} that
   * fits ({@code 1.5ms}); else hours and minutes when non-zero, then seconds with their fraction
   * ({@code 2h0m0.5s}).
   */
  public static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    String sign = nanos < 0 ? "-" : "";
    long n = Math.abs(nanos);
    if (n < 1_000) {
      return sign + n + "ns";
    }
    if (n < 1_000_000) {
      return sign + fraction(n, 1_000) + "µs";
    }
    if (n < 1_000_000_000) {
      return sign + fraction(n, 1_000_000) + "ms";
    }
    long hours = n / 3_600_000_000_000L;
    long minutes = n / 60_000_000_000L % 60;
    String seconds = fraction(n % 60_000_000_000L, 1_000_000_000) + "s";
    if (hours > 0) {
      return sign + hours + "h" + minutes + "m" + seconds;
    }
    if (minutes > 0) {
      return sign + minutes + "m" + seconds;
    }
    return sign + seconds;
  }

  /** {@code value / unit} with its fraction and no trailing zeros: {@code 1.5}, {@code 2}. */
  private static String fraction(long value, long unit) {
    long whole = value / unit;
    long rest = value % unit;
    if (rest == 0) {
      return Long.toString(whole);
    }
    String digits = Long.toString(unit + rest).substring(1).replaceAll("0+$", "");
    return whole + "." + digits;
  }
}
