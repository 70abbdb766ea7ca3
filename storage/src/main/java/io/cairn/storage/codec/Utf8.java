package io.cairn.storage.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 for codec strings: malformed input is an error, never a replacement character. */
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

  /** The index of the first unpaired surrogate, or -1 when the string is well formed. */
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

  static int firstUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
