package io.cairn.node.cli;

import io.cairn.node.api.GoDurations;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * Numbers, durations and times as Kubo's {@code provide stat} prints them (go-humanize's SI and
 * comma forms, Go's {@code time.Duration} text through {@link GoDurations}), and its lines through
 * {@link TabWriter}, Go's {@code text/tabwriter}.
 */
final class GoFormat {
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private GoFormat() {}

  /** go-humanize {@code ComputeSI} then {@code CommafWithDigits}: {@code 1.2k}. */
  static String si(double val, int decimals) {
    if (val == 0) {
      return comma(0, decimals);
    }
    double mag = Math.abs(val);
    double exponent = Math.floor(Math.floor(Math.log(mag) / Math.log(10)) / 3) * 3;
    double value = mag / Math.pow(10, exponent);
    if (value == 1000.0) {
      exponent += 3;
      value = mag / Math.pow(10, exponent);
    }
    return comma(Math.copySign(value, val), decimals) + prefix((int) exponent);
  }

  private static String prefix(int exponent) {
    String[] up = {"", "k", "M", "G", "T", "P", "E", "Z", "Y"};
    String[] down = {"", "m", "µ", "n", "p", "f", "a", "z", "y"};
    return exponent >= 0 ? up[exponent / 3] : down[-exponent / 3];
  }

  /** go-humanize {@code CommafWithDigits}: thousands separated, the fraction cut (not rounded). */
  static String comma(double v, int decimals) {
    String plain = BigDecimal.valueOf(Math.abs(v)).stripTrailingZeros().toPlainString();
    int dot = plain.indexOf('.');
    String whole = dot < 0 ? plain : plain.substring(0, dot);
    StringBuilder sb = new StringBuilder(v < 0 ? "-" : "");
    for (int i = 0; i < whole.length(); i++) {
      if (i > 0 && (whole.length() - i) % 3 == 0) {
        sb.append(',');
      }
      sb.append(whole.charAt(i));
    }
    if (dot >= 0 && decimals > 0) {
      String fraction = plain.substring(dot + 1);
      sb.append('.').append(fraction, 0, Math.min(decimals, fraction.length()));
    }
    return sb.toString();
  }

  /** Kubo's {@code humanNumber}: the SI form, and the full one after a tab when they differ. */
  static String number(double n) {
    String s = si(n, 0);
    String full = comma(n, 0);
    return s.equals(full) ? s : s + "\t(" + full + ")";
  }

  static String numberOrNa(double n) {
    return n <= 0 ? "N/A" : number(n);
  }

  static String floatOrNa(double v) {
    return v <= 0 ? "N/A" : comma(v, 1);
  }

  static String integer(long v) {
    return comma(v, 0);
  }

  /** Kubo's {@code humanDuration}: to 100 ms above a second, else to the microsecond. */
  static String duration(Duration d) {
    long ns = d.toNanos();
    long unit = ns > 1_000_000_000L ? 100_000_000L : 1_000L;
    return GoDurations.format(Duration.ofNanos(ns - ns % unit));
  }

  static String durationOrNa(Duration d) {
    return d.toNanos() <= 0 ? "N/A" : duration(d);
  }

  /** Kubo's {@code humanTime}: local, to the second; N/A for Go's zero time. */
  static String time(Instant t) {
    return t == null ? "N/A" : LOCAL.format(t);
  }

  /** Go's {@code tabwriter.NewWriter(w, 1, _, 1, ' ', 0)} over these lines (tabs split cells). */
  static String tabs(List<String> lines) {
    TabWriter tw = new TabWriter(1, 1);
    lines.forEach(l -> tw.row(l.split("\t", -1)));
    return tw.render();
  }

  static int runes(String s) {
    return s.codePointCount(0, s.length());
  }

  static String pad(String s, int width) {
    char[] fill = new char[Math.max(0, width - runes(s))];
    Arrays.fill(fill, ' ');
    return s + new String(fill);
  }
}
