package io.cairn.retrieval.gateway;

/**
 * {@code Content-Disposition} values as the path gateway spec writes them: a quoted ASCII filename
 * (non-ASCII characters replaced by '_') and, for names that are not plain ASCII, an RFC 8187
 * {@code filename*=UTF-8''…} with the UTF-8 bytes percent-encoded.
 */
final class ContentDisposition {
  private ContentDisposition() {}

  static String inline(String filename) {
    return of("inline", filename);
  }

  static String attachment(String filename) {
    return of("attachment", filename);
  }

  /** {@code type; filename="…"[; filename*=UTF-8''…]}, or just the type without a name. */
  static String of(String type, String filename) {
    if (filename == null || filename.isEmpty()) {
      return type;
    }
    StringBuilder ascii = new StringBuilder(filename.length());
    boolean plain = true;
    for (int i = 0; i < filename.length(); i++) {
      char c = filename.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < filename.length()) {
        i++;
      }
      if (c < 0x20 || c >= 0x7f) {
        ascii.append('_');
        plain = false;
      } else if (c == '"' || c == '\\') {
        ascii.append('\\').append(c);
      } else {
        ascii.append(c);
      }
    }
    String value = type + "; filename=\"" + ascii + "\"";
    if (!plain) {
      value += "; filename*=UTF-8''" + rfc8187(filename);
    }
    return value;
  }

  /** Percent-encodes UTF-8 bytes except RFC 8187's attr-chars. */
  private static String rfc8187(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "!#$&+-.^_`|~".indexOf(c) >= 0) {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        b.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return b.toString();
  }
}
