package io.cairn.node.cli;

/**
 * File names as Kubo prints them ({@code cmdenv.EscNonPrint}): unchanged unless they hold a
 * backslash or a character that is not printable, else Go-quoted without the surrounding quotes, so
 * that a name cannot break a line of output or a terminal.
 */
final class Names {
  private Names() {}

  static String escape(String name) {
    if (name.indexOf('\\') < 0 && name.codePoints().allMatch(Names::printable)) {
      return name;
    }
    StringBuilder b = new StringBuilder(name.length() + 8);
    for (int i = 0; i < name.length(); ) {
      int c = name.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case 0x07 -> b.append("\\a");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case 0x0b -> b.append("\\v");
        default -> {
          if (printable(c)) {
            b.appendCodePoint(c);
          } else if (c < 0x80) {
            b.append(String.format("\\x%02x", c));
          } else if (c <= 0xFFFF) {
            b.append(String.format("\\u%04x", c));
          } else {
            b.append(String.format("\\U%08x", c));
          }
        }
      }
    }
    return b.toString();
  }

  /** Go's {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols and ' '. */
  private static boolean printable(int c) {
    if (c == ' ') {
      return true;
    }
    return switch (Character.getType(c)) {
      case Character.UNASSIGNED,
          Character.CONTROL,
          Character.FORMAT,
          Character.PRIVATE_USE,
          Character.SURROGATE,
          Character.SPACE_SEPARATOR,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR ->
          false;
      default -> true;
    };
  }
}
