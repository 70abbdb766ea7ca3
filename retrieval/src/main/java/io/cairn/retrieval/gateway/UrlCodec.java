package io.cairn.retrieval.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Percent-encoding of URL paths and query values, as Go's {@code net/url} does it for the paths the
 * gateway writes in {@code Location} headers and links (so they read like Kubo's).
 */
final class UrlCodec {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private UrlCodec() {}

  /**
   * Splits a raw URL path into decoded segments; a trailing slash gives a trailing empty segment.
   *
   * @throws GatewayException 400 for a malformed escape or bytes that are not UTF-8
   */
  static List<String> decodeSegments(String rawPath) {
    List<String> out = new ArrayList<>();
    int start = rawPath.startsWith("/") ? 1 : 0;
    while (start <= rawPath.length()) {
      int slash = rawPath.indexOf('/', start);
      int end = slash < 0 ? rawPath.length() : slash;
      out.add(decode(rawPath.substring(start, end), rawPath));
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }
    return out;
  }

  /** Decodes %XX escapes of one path segment ('+' stays a plus). */
  static String decode(String s, String whole) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '%') {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
        continue;
      }
      int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
      int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
      if (hi < 0 || lo < 0) {
        throw GatewayException.badRequest(
            "invalid path \""
                + whole
                + "\": malformed percent-encoding at '"
                + s.substring(i)
                + "'");
      }
      bytes.write(hi << 4 | lo);
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw GatewayException.badRequest(
          "invalid path \"" + whole + "\": percent-encoded bytes are not UTF-8");
    }
  }

  /**
   * Escapes a path, keeping '/' and the characters Go keeps in paths ({@code $&+,:;=@}), as {@code
   * url.URL.EscapedPath} does.
   */
  static String escapePath(String path) {
    return escape(path, false, false);
  }

  /** Escapes one path segment: as {@link #escapePath}, and '/' too. */
  static String escapeSegment(String segment) {
    return escape(segment, true, false);
  }

  /** Segments as a path, each escaped with {@link #escapeSegment}: {@code /a/b%2Fc}. */
  static String escapeSegments(List<String> segments) {
    StringBuilder b = new StringBuilder();
    for (String s : segments) {
      b.append('/').append(escapeSegment(s));
    }
    return b.toString();
  }

  /** Escapes a query parameter value ({@code url.QueryEscape}: space as '+'). */
  static String escapeQuery(String value) {
    return escape(value, true, true);
  }

  private static String escape(String s, boolean slash, boolean query) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || mustEscape(c, slash, query)) {
        return escapeBytes(s.getBytes(StandardCharsets.UTF_8), slash, query);
      }
    }
    return s;
  }

  private static String escapeBytes(byte[] utf8, boolean slash, boolean query) {
    StringBuilder b = new StringBuilder(utf8.length * 2);
    for (byte x : utf8) {
      int c = x & 0xff;
      if (c < 0x80 && !mustEscape((char) c, slash, query)) {
        b.append((char) c);
      } else if (query && c == ' ') {
        b.append('+');
      } else {
        b.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return b.toString();
  }

  private static boolean mustEscape(char c, boolean slash, boolean query) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return false;
    }
    switch (c) {
      case '-', '_', '.', '~' -> {
        return false;
      }
      case '$', '&', '+', ',', '/', ':', ';', '=', '?', '@' -> {
        if (query) {
          return true;
        }
        return c == '?' || (slash && c == '/');
      }
      default -> {
        return true;
      }
    }
  }

  /** Whether a string holds only printable ASCII (no escaping needed in a quoted header). */
  static boolean isPrintableAscii(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }
}
