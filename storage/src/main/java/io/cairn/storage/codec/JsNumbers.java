package io.cairn.storage.codec;

import java.math.BigDecimal;

/**
 * Formats doubles exactly as ECMAScript's {@code Number.prototype.toString()} does: the shortest
 * decimal that reads back as the same double, laid out in plain or exponent form by the ECMAScript
 * rules. DAG-JSON writers in JavaScript produce floats this way, so block bytes match.
 */
final class JsNumbers {
  private JsNumbers() {}

  static String format(double value) {
    if (value == 0) {
      return Double.doubleToRawLongBits(value) < 0 ? "-0" : "0";
    }
    String sign = value < 0 ? "-" : "";
    double a = Math.abs(value);
    // Double.toString gives the shortest digits that round-trip, except that where one digit
    // would do it may give two when two are closer; ECMAScript always takes the shortest.
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
    return sign + layout(digits, n);
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

  /** ECMAScript Number::toString layout of digits s (k of them) with value s * 10^(n-k). */
  private static String layout(String s, int n) {
    int k = s.length();
    if (k <= n && n <= 21) {
      return s + "0".repeat(n - k);
    }
    if (0 < n && n <= 21) {
      return s.substring(0, n) + "." + s.substring(n);
    }
    if (-6 < n && n <= 0) {
      return "0." + "0".repeat(-n) + s;
    }
    int e = n - 1;
    String exp = (e < 0 ? "-" : "+") + Math.abs(e);
    return k == 1 ? s + "e" + exp : s.charAt(0) + "." + s.substring(1) + "e" + exp;
  }
}
