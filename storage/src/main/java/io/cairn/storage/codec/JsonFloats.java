package io.cairn.storage.codec;

import java.math.BigDecimal;

/**
 * Formats doubles as Kubo's JSON writer does (refmt's {@code emitFloat}, used by go-ipld-prime's
 * dag-json and json codecs): Go's {@code strconv.AppendFloat(f, fmt, -1, 64)}, that is the shortest
 * decimal digits that read back as the same double, with {@code fmt} {@code 'f'} (plain, never an
 * exponent) when {@code 1e-6 <= |f| < 1e21} or {@code f} is zero, else {@code 'e'} (one digit, the
 * rest after a point, {@code e}, a sign and at least two exponent digits) with a two-digit negative
 * exponent's leading zero removed ({@code e-07} becomes {@code e-7}).
 *
 * <p>So a whole float has neither point nor exponent ({@code 1.0} is written {@code 1}, and reads
 * back as an integer), and negative zero is {@code -0}. Apart from negative zero (ECMAScript writes
 * {@code 0}), this is also what ECMAScript's {@code Number.prototype.toString()} gives.
 */
final class JsonFloats {
  private JsonFloats() {}

  static String format(double value) {
    if (value == 0) {
      // strconv 'f' keeps the sign bit: -0.0 is "-0".
      return Double.doubleToRawLongBits(value) < 0 ? "-0" : "0";
    }
    String sign = value < 0 ? "-" : "";
    double a = Math.abs(value);
    // Double.toString gives the shortest digits that round-trip, except that where one digit
    // would do it may give two when two are closer; strconv always takes the shortest.
    String j = Double.toString(a);
    int e = j.indexOf('E');
    int exp = e < 0 ? 0 : Integer.parseInt(j.substring(e + 1));
    String mantissa = e < 0 ? j : j.substring(0, e);
    int dot = mantissa.indexOf('.');
    String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
    int n = dot + exp;
    int lead = 0;
    while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
      lead++;
    }
    digits = digits.substring(lead);
    n -= lead;
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    digits = digits.substring(0, end);
    if (digits.length() == 2) {
      String[] shorter = oneDigit(a, digits, n);
      if (shorter != null) {
        digits = shorter[0];
        n = Integer.parseInt(shorter[1]);
      }
    }
    boolean exponent = a < 1e-6 || a >= 1e21; // refmt's choice of 'e' over 'f'
    return sign + (exponent ? exponentForm(digits, n) : plainForm(digits, n));
  }

  /** The closest one-digit decimal that reads back as {@code a}, as {digit, n}; or null. */
  private static String[] oneDigit(double a, String two, int n) {
    int d = two.charAt(0) - '0';
    BigDecimal exact = new BigDecimal(a);
    String[] best = null;
    BigDecimal bestDistance = null;
    for (int c = d; c <= d + 1; c++) {
      String digit = c == 10 ? "1" : Integer.toString(c);
      int cn = c == 10 ? n + 1 : n;
      BigDecimal candidate = new BigDecimal(digit + "E" + (cn - 1));
      if (candidate.doubleValue() != a) {
        continue;
      }
      BigDecimal distance = candidate.subtract(exact).abs();
      int cmp = bestDistance == null ? -1 : distance.compareTo(bestDistance);
      if (cmp < 0 || (cmp == 0 && (digit.charAt(0) - '0') % 2 == 0)) {
        best = new String[] {digit, Integer.toString(cn)};
        bestDistance = distance;
      }
    }
    return best;
  }

  /** strconv's 'f' layout of digits s (k of them) with value 0.s * 10^n: no exponent. */
  private static String plainForm(String s, int n) {
    int k = s.length();
    if (n <= 0) {
      return "0." + "0".repeat(-n) + s;
    }
    if (n >= k) {
      return s + "0".repeat(n - k);
    }
    return s.substring(0, n) + "." + s.substring(n);
  }

  /**
   * strconv's 'e' layout of digits s with value 0.s * 10^n (d[.ddd]e±XX, the exponent at least two
   * digits), then refmt's clean-up of "e-0X" to "e-X".
   */
  private static String exponentForm(String s, int n) {
    int e = n - 1;
    String mantissa = s.length() == 1 ? s : s.charAt(0) + "." + s.substring(1);
    String digits = String.format("%02d", Math.abs(e));
    if (e < 0 && digits.length() == 2 && digits.charAt(0) == '0') {
      digits = digits.substring(1);
    }
    return mantissa + "e" + (e < 0 ? "-" : "+") + digits;
  }
}
