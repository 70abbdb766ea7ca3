package io.cairn.node.cli;

/** Byte counts as Kubo prints them (go-humanize: SI units, one decimal below 10). */
final class Humanize {
  private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

  private Humanize() {}

  static String bytes(long n) {
    if (n < 10) {
      return n + " B";
    }
    int e = (int) Math.floor(Math.log(n) / Math.log(1000));
    double value = Math.floor(n / Math.pow(1000, e) * 10 + 0.5) / 10;
    return String.format(value < 10 ? "%.1f %s" : "%.0f %s", value, UNITS[e]);
  }
}
