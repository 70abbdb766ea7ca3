package io.cairn.node.api;

/**
 * Text that a remote peer chose (its agent version, the protocols it lists), made safe to show as
 * Kubo's {@code cmdutils.CleanAndTrim} makes it: control, format and surrogate code points become
 * U+FFFD (replaced, not deleted, as the Identify spec asks), spaces are trimmed from both ends, and
 * at most 128 code points are kept.
 */
public final class PeerText {
  /** The most code points kept. */
  public static final int MAX_CODE_POINTS = 128;

  private PeerText() {}

  public static String clean(String text) {
    StringBuilder replaced = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            cp -> {
              int type = Character.getType(cp);
              boolean unsafe =
                  type == Character.CONTROL
                      || type == Character.FORMAT
                      || type == Character.SURROGATE;
              replaced.appendCodePoint(unsafe ? 0xFFFD : cp);
            });
    int start = 0;
    int end = replaced.length();
    while (start < end && isSpace(replaced.codePointAt(start))) {
      start += Character.charCount(replaced.codePointAt(start));
    }
    while (end > start && isSpace(replaced.codePointBefore(end))) {
      end -= Character.charCount(replaced.codePointBefore(end));
    }
    String trimmed = replaced.substring(start, end);
    if (trimmed.codePointCount(0, trimmed.length()) <= MAX_CODE_POINTS) {
      return trimmed;
    }
    return trimmed.substring(0, trimmed.offsetByCodePoints(0, MAX_CODE_POINTS));
  }

  /**
   * Go's {@code unicode.IsSpace} for what is left after the replacement: the ASCII space, no-break
   * space and the separators (the control characters that Go also counts are replaced by then).
   */
  private static boolean isSpace(int cp) {
    return cp == ' ' || cp == 0xA0 || Character.isSpaceChar(cp);
  }
}
