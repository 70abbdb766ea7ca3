package io.cairn.storage.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 for codec strings. Strict decoding refuses malformed input. A CBOR text string need not be
 * UTF-8, though: go-ipld-prime (Kubo) keeps its bytes as a Go string. Such a string is held here as
 * Python's "surrogateescape" holds it (PEP 383): each byte that does not start a well-formed
 * sequence, as Go's {@code utf8.DecodeRune} judges it, becomes the unpaired low surrogate U+DC80 to
 * U+DCFF of the same low byte, and {@link #encode} writes that byte back, so the string's bytes
 * survive a round trip. No other unpaired surrogate is allowed in the data model (they have no
 * UTF-8 form), and a valid surrogate pair never holds an escape: an escape is never preceded by a
 * high surrogate.
 */
final class Utf8 {
  private Utf8() {}

  /** Decodes, or returns null when the bytes are not well-formed UTF-8. */
  static String decodeOrNull(byte[] b, int off, int len) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, off, len))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Decodes any bytes, escaping each byte that Go's decoder finds invalid (see the class). */
  static String decodeEscaping(byte[] b, int off, int len) {
    String s = decodeOrNull(b, off, len);
    if (s != null) {
      return s;
    }
    StringBuilder out = new StringBuilder(len);
    int end = off + len;
    int i = off;
    while (i < end) {
      int n = sequenceLength(b, i, end);
      if (n == 0) {
        out.append((char) (0xDC00 | (b[i] & 0xFF)));
        i++;
      } else {
        out.append(new String(b, i, n, StandardCharsets.UTF_8));
        i += n;
      }
    }
    return out.toString();
  }

  /** Decodes any bytes, each byte Go's decoder finds invalid becoming U+FFFD, as Go coerces it. */
  static String decodeReplacing(byte[] b, int off, int len) {
    String s = decodeEscaping(b, off, len);
    if (firstEscape(s) < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s);
    for (int i = 0; i < out.length(); i++) {
      if (isEscapeAt(s, i)) {
        out.setCharAt(i, '\uFFFD');
      }
    }
    return out.toString();
  }

  /**
   * The length of the well-formed UTF-8 sequence at {@code i}, or 0 where there is none: the rules
   * of Go's {@code utf8.DecodeRune} (and Unicode's table 3-7), which reject overlong forms,
   * surrogates and code points above U+10FFFF.
   */
  private static int sequenceLength(byte[] b, int i, int end) {
    int c = b[i] & 0xFF;
    if (c < 0x80) {
      return 1;
    }
    int n;
    int lo = 0x80;
    int hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 3;
      lo = c == 0xE0 ? 0xA0 : 0x80;
      hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4;
      lo = c == 0xF0 ? 0x90 : 0x80;
      hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
      return 0;
    }
    if (end - i < n) {
      return 0;
    }
    int second = b[i + 1] & 0xFF;
    if (second < lo || second > hi) {
      return 0;
    }
    for (int k = 2; k < n; k++) {
      int cont = b[i + k] & 0xFF;
      if (cont < 0x80 || cont > 0xBF) {
        return 0;
      }
    }
    return n;
  }

  /** The UTF-8 bytes of a data model string, escaped bytes written back as they were. */
  static byte[] encode(String s) {
    if (firstEscape(s) < 0) {
      return s.getBytes(StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
    int runStart = 0;
    for (int i = 0; i < s.length(); i++) {
      if (isEscapeAt(s, i)) {
        out.writeBytes(s.substring(runStart, i).getBytes(StandardCharsets.UTF_8));
        out.write(s.charAt(i) & 0xFF);
        runStart = i + 1;
      }
    }
    out.writeBytes(s.substring(runStart).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /**
   * Whether the char at {@code i} is an escaped byte: U+DC80..U+DCFF not after a high surrogate.
   */
  static boolean isEscapeAt(String s, int i) {
    char c = s.charAt(i);
    return c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
  }

  /** The index of the first escaped byte, or -1 when the string is well-formed UTF-8 text. */
  static int firstEscape(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (isEscapeAt(s, i)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code s} with each unpaired surrogate replaced by U+FFFD, as Go encodes such a rune. */
  static String withUnpairedSurrogatesReplaced(String s) {
    int at = firstUnpairedSurrogate(s);
    if (at < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length()).append(s, 0, at);
    for (int i = at; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else {
        out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return out.toString();
  }

  /** The index of the first unpaired surrogate (escapes included), or -1. */
  static int firstUnpairedSurrogate(String s) {
    return firstUnpaired(s, false);
  }

  /** The index of the first unpaired surrogate that is not an escaped byte, or -1. */
  static int firstUnencodable(String s) {
    return firstUnpaired(s, true);
  }

  private static int firstUnpaired(String s, boolean escapesAllowed) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c) && !(escapesAllowed && c >= 0xDC80 && c <= 0xDCFF)) {
        return i;
      }
    }
    return -1;
  }
}
