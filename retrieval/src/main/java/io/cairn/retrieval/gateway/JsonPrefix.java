package io.cairn.retrieval.gateway;

/**
 * A JSON validator over bytes; when the bytes are a prefix of a larger file, running out of input
 * inside a value still counts as JSON.
 */
final class JsonPrefix {
  private static final int MAX_DEPTH = 256;

  private static final class Truncated extends RuntimeException {
    Truncated() {
      super(null, null, false, false);
    }
  }

  private static final class Invalid extends RuntimeException {
    Invalid() {
      super(null, null, false, false);
    }
  }

  private final byte[] b;
  private final boolean complete;
  private int i;

  JsonPrefix(byte[] b, boolean complete) {
    this.b = b;
    this.complete = complete;
  }

  boolean valid() {
    try {
      value(0);
      space();
      return i == b.length;
    } catch (Truncated t) {
      return !complete;
    } catch (Invalid e) {
      return false;
    }
  }

  private int peek() {
    if (i >= b.length) {
      throw new Truncated();
    }
    return b[i] & 0xff;
  }

  private void space() {
    while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
      i++;
    }
  }

  private void expect(char c) {
    if (peek() != c) {
      throw new Invalid();
    }
    i++;
  }

  private void value(int depth) {
    if (depth > MAX_DEPTH) {
      throw new Invalid();
    }
    space();
    int c = peek();
    switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          number();
        } else {
          throw new Invalid();
        }
      }
    }
  }

  private void object(int depth) {
    expect('{');
    space();
    if (peek() == '}') {
      i++;
      return;
    }
    while (true) {
      space();
      string();
      space();
      expect(':');
      value(depth + 1);
      space();
      int c = peek();
      i++;
      if (c == '}') {
        return;
      }
      if (c != ',') {
        throw new Invalid();
      }
    }
  }

  private void array(int depth) {
    expect('[');
    space();
    if (peek() == ']') {
      i++;
      return;
    }
    while (true) {
      value(depth + 1);
      space();
      int c = peek();
      i++;
      if (c == ']') {
        return;
      }
      if (c != ',') {
        throw new Invalid();
      }
    }
  }

  private void string() {
    expect('"');
    while (true) {
      int c = peek();
      i++;
      if (c == '"') {
        return;
      }
      if (c < 0x20) {
        throw new Invalid();
      }
      if (c == '\\') {
        int e = peek();
        i++;
        if (e == 'u') {
          for (int k = 0; k < 4; k++) {
            if (Character.digit(peek(), 16) < 0) {
              throw new Invalid();
            }
            i++;
          }
        } else if ("\"\\/bfnrt".indexOf(e) < 0) {
          throw new Invalid();
        }
      }
    }
  }

  private void literal(String word) {
    for (int k = 0; k < word.length(); k++) {
      if (peek() != word.charAt(k)) {
        throw new Invalid();
      }
      i++;
    }
  }

  private void number() {
    int start = i;
    if (peek() == '-') {
      i++;
    }
    boolean digits = false;
    while (i < b.length && ((b[i] >= '0' && b[i] <= '9') || "+-.eE".indexOf(b[i]) >= 0)) {
      digits |= b[i] >= '0' && b[i] <= '9';
      i++;
    }
    if (i == b.length && !digits) {
      throw new Truncated();
    }
    if (!digits || i == start) {
      throw new Invalid();
    }
  }
}
