package io.cairn.storage;

/**
 * Strict parsing and canonical formatting of IP address literals, without name resolution: what
 * {@link Multiaddr} needs for {@code /ip4} and {@code /ip6}. Parsing follows Go's {@code
 * net.ParseIP} (as go-multiaddr does): dotted quads without leading zeros, IPv6 with at most one
 * {@code ::} and an optional trailing dotted quad. IPv6 formatting follows RFC 5952.
 */
final class IpLiterals {
  private IpLiterals() {}

  /** The 4 bytes of a dotted-quad IPv4 address, or null if {@code s} is not one. */
  static byte[] parse4(String s) {
    byte[] out = new byte[4];
    int part = 0;
    int pos = 0;
    while (part < 4) {
      int start = pos;
      int value = 0;
      while (pos < s.length() && pos - start < 3 && isDigit(s.charAt(pos))) {
        value = value * 10 + (s.charAt(pos) - '0');
        pos++;
      }
      int digits = pos - start;
      if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
        return null;
      }
      out[part++] = (byte) value;
      if (part < 4) {
        if (pos >= s.length() || s.charAt(pos) != '.') {
          return null;
        }
        pos++;
      }
    }
    return pos == s.length() ? out : null;
  }

  /** The 16 bytes of an IPv6 address, or null if {@code s} is not one (zones are not accepted). */
  static byte[] parse6(String s) {
    byte[] ip = new byte[16];
    int ellipsis = -1;
    int i = 0;
    int pos = 0;
    int len = s.length();
    if (len >= 2 && s.charAt(0) == ':' && s.charAt(1) == ':') {
      ellipsis = 0;
      pos = 2;
      if (pos == len) {
        return ip;
      }
    }
    while (pos < len) {
      int start = pos;
      int group = 0;
      while (pos < len && pos - start < 5 && Character.digit(s.charAt(pos), 16) >= 0) {
        group = (group << 4) | Character.digit(s.charAt(pos), 16);
        pos++;
      }
      if (pos < len && s.charAt(pos) == '.') {
        // A trailing dotted quad fills the last 4 bytes.
        if ((ellipsis < 0 && i != 12) || i + 4 > 16) {
          return null;
        }
        byte[] v4 = parse4(s.substring(start));
        if (v4 == null) {
          return null;
        }
        System.arraycopy(v4, 0, ip, i, 4);
        i += 4;
        pos = len;
        break;
      }
      int digits = pos - start;
      if (digits == 0 || digits > 4 || i + 2 > 16) {
        return null;
      }
      ip[i++] = (byte) (group >>> 8);
      ip[i++] = (byte) group;
      if (pos == len) {
        break;
      }
      if (s.charAt(pos) != ':' || pos + 1 == len) {
        return null;
      }
      pos++;
      if (s.charAt(pos) == ':') {
        if (ellipsis >= 0) {
          return null;
        }
        ellipsis = i;
        pos++;
        if (pos == len) {
          break;
        }
      }
      if (i == 16) {
        return null;
      }
    }
    if (i < 16) {
      if (ellipsis < 0) {
        return null;
      }
      int n = 16 - i;
      for (int j = i - 1; j >= ellipsis; j--) {
        ip[j + n] = ip[j];
      }
      for (int j = ellipsis + n - 1; j >= ellipsis; j--) {
        ip[j] = 0;
      }
    } else if (ellipsis >= 0) {
      // "::" must stand for at least one group of zeros.
      return null;
    }
    return ip;
  }

  static String format4(byte[] b) {
    return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
  }

  /**
   * RFC 5952 text: lower-case hex, the longest run of two or more zero groups (the first of equal
   * runs) shortened to {@code ::}; IPv4-mapped addresses as {@code ::ffff:a.b.c.d}, as Go prints
   * them in multiaddrs.
   */
  static String format6(byte[] b) {
    boolean mapped = b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
    for (int j = 0; j < 10 && mapped; j++) {
      mapped = b[j] == 0;
    }
    if (mapped) {
      return "::ffff:" + format4(new byte[] {b[12], b[13], b[14], b[15]});
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int g = 0; g < 8; ) {
      if (group(b, g) != 0) {
        g++;
        continue;
      }
      int start = g;
      while (g < 8 && group(b, g) == 0) {
        g++;
      }
      if (g - start > bestLength) {
        bestStart = start;
        bestLength = g - start;
      }
    }
    StringBuilder sb = new StringBuilder(39);
    for (int g = 0; g < 8; g++) {
      if (g == bestStart) {
        sb.append("::");
        g += bestLength - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(group(b, g)));
    }
    return sb.toString();
  }

  private static int group(byte[] b, int g) {
    return ((b[2 * g] & 0xFF) << 8) | (b[2 * g + 1] & 0xFF);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
