package io.cairn.storage.codec;

import io.cairn.storage.Cid;
import io.cairn.storage.Multibase;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Parses one DAG-JSON value byte by byte. Maps keep the order of their keys in the text.
 *
 * <p>Strict decoding applies the spec's reserved-namespace rules for "/" and refuses text that is
 * not UTF-8. Lenient decoding reads as go-ipld-prime's decoder (over refmt's, Kubo's) reads: only
 * {@code {"/":"<cid>"}} is a link and only {@code {"/":{"bytes":"<base64>"}}} bytes, any other map
 * whose first key is "/" being an ordinary map; each byte that is not UTF-8 and each unpaired
 * surrogate escape becomes U+FFFD; NUL bytes may follow the value as whitespace may. The plain
 * {@code json} codec (go-ipld-prime's {@code codec/json}: its DAG-JSON decoder with links and bytes
 * not parsed) is read leniently, {@code "/"} being a key like any other.
 */
final class DagJsonDecoder {
  private final byte[] b;
  private final boolean strict;
  private final List<Cid> links;
  private final boolean plain;
  private int pos;

  DagJsonDecoder(byte[] bytes, Strictness strictness, List<Cid> links) {
    this(bytes, strictness, links, false);
  }

  /**
   * @param plain whether the text is of the plain {@code json} codec rather than DAG-JSON
   */
  DagJsonDecoder(byte[] bytes, Strictness strictness, List<Cid> links, boolean plain) {
    this.b = bytes;
    this.strict = strictness == Strictness.STRICT && !plain;
    this.links = links;
    this.plain = plain;
  }

  Ipld decodeAll() {
    space();
    if (pos >= b.length) {
      throw error(pos, "input is empty");
    }
    Ipld v = value(0);
    space();
    while (!strict && pos < b.length && b[pos] == 0) {
      pos++; // go-ipld-prime skips NUL bytes as whitespace after the value
      space();
    }
    if (pos != b.length) {
      throw error(pos, "unexpected data after the value");
    }
    return v;
  }

  private Ipld value(int depth) {
    if (depth > DagJson.MAX_DEPTH) {
      throw error(pos, "value nests deeper than " + DagJson.MAX_DEPTH + " levels");
    }
    if (pos >= b.length) {
      throw error(pos, "input ends where a value was expected");
    }
    int c = b[pos];
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> new Ipld.Str(string());
      case 't' -> literal("true", Ipld.TRUE);
      case 'f' -> literal("false", Ipld.FALSE);
      case 'n' -> literal("null", Ipld.NULL);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw error(pos, "unexpected character " + describe(c));
      }
    };
  }

  private Ipld object(int depth) {
    int start = pos++;
    space();
    if (peek() == '}') {
      pos++;
      return new Ipld.Map(java.util.Map.of());
    }
    String key = string();
    colon();
    if (plain || !key.equals("/")) {
      return objectRest(key, value(depth + 1), depth);
    }
    // The reserved namespace: {"/": "<cid>"} is a link, {"/": {"bytes": "<base64>"}} bytes.
    int valueStart = pos;
    if (peek() == '"') {
      String text = string();
      space();
      if (peek() != '}' && !strict) {
        return objectRest(key, new Ipld.Str(text), depth); // not a link to go-ipld-prime: a map
      }
      if (peek() != '}') {
        throw error(
            start,
            "a map whose first key \"/\" holds a string is a link and may have no other key");
      }
      pos++;
      return link(text, valueStart);
    }
    if (peek() != '{') {
      return objectRest(key, value(depth + 1), depth);
    }
    pos++;
    space();
    if (peek() == '}') {
      pos++;
      return objectRest(key, new Ipld.Map(java.util.Map.of()), depth);
    }
    String innerKey = string();
    colon();
    if (!innerKey.equals("bytes") || peek() != '"') {
      Ipld inner = objectRest(innerKey, value(depth + 2), depth + 1);
      return objectRest(key, inner, depth);
    }
    int textStart = pos;
    String text = string();
    space();
    if (peek() != '}' && !strict) {
      Ipld inner = objectRest(innerKey, new Ipld.Str(text), depth + 1);
      return objectRest(key, inner, depth); // not bytes to go-ipld-prime: maps
    }
    if (peek() != '}') {
      throw error(start, "the bytes form {\"/\":{\"bytes\":...}} may have no other key inside");
    }
    pos++;
    space();
    if (peek() != '}' && !strict) {
      return objectRest(key, Ipld.map(java.util.Map.of(innerKey, new Ipld.Str(text))), depth);
    }
    if (peek() != '}') {
      throw error(start, "the bytes form {\"/\":{\"bytes\":...}} may have no other key beside");
    }
    pos++;
    return bytes(text, textStart);
  }

  /** The rest of a map whose first entry is read; enforces unique (and, strict, sorted) keys. */
  private Ipld.Map objectRest(String firstKey, Ipld firstValue, int depth) {
    LinkedHashMap<String, Ipld> entries = new LinkedHashMap<>();
    entries.put(firstKey, firstValue);
    byte[] prev = firstKey.getBytes(StandardCharsets.UTF_8);
    while (true) {
      space();
      int c = peek();
      if (c == '}') {
        pos++;
        return new Ipld.Map(entries, true);
      }
      if (c != ',') {
        throw error(pos, "expected ',' or '}' in a map, found " + describe(c));
      }
      pos++;
      space();
      int keyStart = pos;
      String key = string();
      if (entries.containsKey(key)) {
        throw error(keyStart, "duplicate map key '" + key + "'");
      }
      byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
      if (strict && Arrays.compareUnsigned(prev, utf8) > 0) {
        throw error(keyStart, "map key '" + key + "' is out of order (keys sort bytewise)");
      }
      prev = utf8;
      colon();
      entries.put(key, value(depth + 1));
    }
  }

  private Ipld.List array(int depth) {
    pos++;
    List<Ipld> values = new ArrayList<>();
    space();
    if (peek() == ']') {
      pos++;
      return new Ipld.List(values);
    }
    while (true) {
      space();
      values.add(value(depth + 1));
      space();
      int c = peek();
      if (c == ']') {
        pos++;
        return new Ipld.List(values);
      }
      if (c != ',') {
        throw error(pos, "expected ',' or ']' in a list, found " + describe(c));
      }
      pos++;
    }
  }

  private Ipld.Link link(String text, int at) {
    Cid cid;
    try {
      cid = Cid.parse(text);
    } catch (IllegalArgumentException e) {
      throw error(at, "link \"" + text + "\" is not a valid CID: " + e.getMessage());
    }
    if (strict && !cid.toString().equals(text)) {
      throw error(
          at, "link \"" + text + "\" must be written as " + cid + " (CIDv0 base58btc, v1 base32)");
    }
    if (links != null) {
      links.add(cid);
    }
    return new Ipld.Link(cid);
  }

  private Ipld.Bytes bytes(String text, int at) {
    if (strict && text.indexOf('=') >= 0) {
      throw error(at, "bytes must be unpadded base64");
    }
    try {
      return new Ipld.Bytes(Multibase.BASE64.decodeBare(text));
    } catch (IllegalArgumentException e) {
      throw error(at, "bytes are not valid base64: " + e.getMessage());
    }
  }

  private Ipld number() {
    int start = pos;
    boolean isFloat = false;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (!digits()) {
      throw error(start, "malformed number");
    }
    if (peek() == '.') {
      pos++;
      isFloat = true;
      if (!digits()) {
        throw error(start, "malformed number: no digit after the decimal point");
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      isFloat = true;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!digits()) {
        throw error(start, "malformed number: no digit in the exponent");
      }
    }
    if (!isFloat) {
      // 2^64 has 20 digits and JSON allows no leading zero: a longer integer is out of range,
      // and BigInteger would take time quadratic in its length to say so.
      int digits = pos - start - (b[start] == '-' ? 1 : 0);
      if (digits > 20) {
        throw error(start, "integer of " + digits + " digits is outside the range [-2^64, 2^64-1]");
      }
    }
    String text = new String(b, start, pos - start, StandardCharsets.US_ASCII);
    if (isFloat) {
      double d = Double.parseDouble(text);
      if (Double.isInfinite(d)) {
        throw error(start, "number " + text + " is beyond the float range");
      }
      return new Ipld.Float(d);
    }
    BigInteger v = new BigInteger(text);
    if (v.compareTo(Ipld.MIN_INT) < 0 || v.compareTo(Ipld.MAX_INT) > 0) {
      throw error(start, "integer " + text + " is outside the range [-2^64, 2^64-1]");
    }
    return new Ipld.Int(v);
  }

  private boolean digits() {
    int s = pos;
    while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
      pos++;
    }
    return pos > s;
  }

  private Ipld literal(String word, Ipld v) {
    byte[] w = word.getBytes(StandardCharsets.US_ASCII);
    if (b.length - pos < w.length || !Arrays.equals(b, pos, pos + w.length, w, 0, w.length)) {
      throw error(pos, "unexpected character " + describe(b[pos]));
    }
    pos += w.length;
    return v;
  }

  private String string() {
    int start = pos;
    if (peek() != '"') {
      throw error(pos, "expected a string, found " + describe(peek()));
    }
    pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= b.length) {
        throw error(start, "string is not terminated");
      }
      int c = b[pos] & 0xFF;
      if (c == '"') {
        pos++;
        break;
      }
      if (c == '\\') {
        escape(sb);
      } else if (c < 0x20) {
        throw error(pos, "control character " + describe(c) + " must be escaped in a string");
      } else {
        int runStart = pos;
        while (pos < b.length && (b[pos] & 0xFF) >= 0x20 && b[pos] != '"' && b[pos] != '\\') {
          pos++;
        }
        String run = Utf8.decodeOrNull(b, runStart, pos - runStart);
        if (run == null && strict) {
          throw error(runStart, "string is not valid UTF-8");
        } else if (run == null) {
          run = Utf8.decodeReplacing(b, runStart, pos - runStart); // each bad byte, as Go does
        }
        sb.append(run);
      }
    }
    String s = sb.toString();
    if (!strict) {
      return Utf8.withUnpairedSurrogatesReplaced(s); // as refmt's decoder
    }
    if (Utf8.firstUnpairedSurrogate(s) >= 0) {
      throw error(start, "string has an unpaired surrogate escape");
    }
    return s;
  }

  private void escape(StringBuilder sb) {
    int at = pos++;
    if (pos >= b.length) {
      throw error(at, "string ends inside an escape");
    }
    int c = b[pos++];
    switch (c) {
      case '"' -> sb.append('"');
      case '\\' -> sb.append('\\');
      case '/' -> sb.append('/');
      case 'b' -> sb.append('\b');
      case 'f' -> sb.append('\f');
      case 'n' -> sb.append('\n');
      case 'r' -> sb.append('\r');
      case 't' -> sb.append('\t');
      case 'u' -> {
        if (b.length - pos < 4) {
          throw error(at, "string ends inside a \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
          int d = Character.digit(b[pos++], 16);
          if (d < 0) {
            throw error(at, "malformed \\u escape");
          }
          v = (v << 4) | d;
        }
        sb.append((char) v);
      }
      default -> throw error(at, "invalid escape \\" + (char) c);
    }
  }

  private void colon() {
    space();
    if (peek() != ':') {
      throw error(pos, "expected ':' after a map key, found " + describe(peek()));
    }
    pos++;
    space();
  }

  /** Skips whitespace; in strict mode there must be none. */
  private void space() {
    int s = pos;
    while (pos < b.length
        && (b[pos] == ' ' || b[pos] == '\t' || b[pos] == '\n' || b[pos] == '\r')) {
      pos++;
    }
    if (strict && pos > s) {
      throw error(s, "whitespace is not allowed in strict DAG-JSON");
    }
  }

  private int peek() {
    return pos < b.length ? b[pos] & 0xFF : -1;
  }

  private static String describe(int c) {
    if (c < 0) {
      return "the end of the input";
    }
    if (c >= 0x20 && c < 0x7f) {
      return "'" + (char) c + "'";
    }
    return String.format("byte 0x%02x", c & 0xFF);
  }

  private CodecException error(int at, String message) {
    return new CodecException((plain ? "json: " : "dag-json: ") + message + " at byte " + at);
  }
}
