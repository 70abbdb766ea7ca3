package io.cairn.storage.codec;

import io.cairn.storage.Cid;
import io.cairn.storage.Multibase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The DAG-JSON codec (IPLD spec "DAG-JSON"). Encoding: no whitespace, map keys sorted by their
 * UTF-8 bytes, links as {@code {"/":"<cid>"}} (CIDv0 base58btc, CIDv1 base32), bytes as {@code
 * {"/":{"bytes":"<base64, standard alphabet, unpadded>"}}}, integers as plain digits and floats
 * always with a decimal point or exponent, in the shortest form that reads back exactly (as
 * JavaScript writes numbers). Maps that would read back as a link or bytes are refused.
 *
 * <p>Decoding enforces the spec's reserved-namespace rules for {@code "/"} maps in every mode;
 * {@link Strictness#STRICT} (the default) also requires sorted keys and no whitespace.
 */
public final class DagJson {
  public static final int MAX_DEPTH = DagCbor.MAX_DEPTH;

  private DagJson() {}

  public static Ipld decode(byte[] bytes) {
    return decode(bytes, Strictness.STRICT);
  }

  /**
   * Decodes one DAG-JSON value that spans all of {@code bytes}.
   *
   * @throws CodecException naming the fault and its byte offset
   */
  public static Ipld decode(byte[] bytes, Strictness strictness) {
    return new DagJsonDecoder(bytes, strictness, null).decodeAll();
  }

  /**
   * The links of a block in the order they appear in its bytes; decodes leniently, and strings need
   * not be UTF-8 nor their escapes paired surrogates (go-ipld-prime's decoder makes them U+FFFD).
   */
  public static List<Cid> links(byte[] bytes) {
    List<Cid> out = new ArrayList<>();
    new DagJsonDecoder(bytes, Strictness.LENIENT, out).decodeAll();
    return out;
  }

  public static byte[] encode(Ipld value) {
    return encodeToString(value).getBytes(StandardCharsets.UTF_8);
  }

  public static String encodeToString(Ipld value) {
    StringBuilder sb = new StringBuilder(64);
    write(sb, value, 0);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Ipld value, int depth) {
    if (depth > MAX_DEPTH) {
      throw new CodecException("dag-json: value nests deeper than " + MAX_DEPTH + " levels");
    }
    switch (value) {
      case Ipld.Null n -> sb.append("null");
      case Ipld.Bool b -> sb.append(b.value());
      case Ipld.Int i -> sb.append(i.value());
      case Ipld.Float f -> {
        String s = JsNumbers.format(f.value());
        sb.append(s);
        if (s.indexOf('.') < 0 && s.indexOf('e') < 0) {
          sb.append(".0");
        }
      }
      case Ipld.Str s -> string(sb, s.value());
      case Ipld.Bytes b ->
          sb.append("{\"/\":{\"bytes\":\"")
              .append(Multibase.BASE64.encodeBare(b.value()))
              .append("\"}}");
      case Ipld.Link l -> sb.append("{\"/\":\"").append(l.cid()).append("\"}");
      case Ipld.List l -> {
        sb.append('[');
        for (int i = 0; i < l.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          write(sb, l.get(i), depth + 1);
        }
        sb.append(']');
      }
      case Ipld.Map m -> map(sb, m, depth);
    }
  }

  private static void map(StringBuilder sb, Ipld.Map m, int depth) {
    var entries = new ArrayList<Map.Entry<byte[], Map.Entry<String, Ipld>>>(m.size());
    for (var e : m.entries().entrySet()) {
      entries.add(Map.entry(Utf8.encode(e.getKey()), e));
    }
    entries.sort((a, b) -> Arrays.compareUnsigned(a.getKey(), b.getKey()));
    if (!entries.isEmpty()) {
      checkNotReserved(entries.get(0).getValue());
    }
    sb.append('{');
    boolean first = true;
    for (var e : entries) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      string(sb, e.getValue().getKey());
      sb.append(':');
      write(sb, e.getValue().getValue(), depth + 1);
    }
    sb.append('}');
  }

  /** Refuses maps that DAG-JSON readers would take for a link or bytes, or must reject. */
  private static void checkNotReserved(Map.Entry<String, Ipld> first) {
    if (!first.getKey().equals("/")) {
      return;
    }
    if (first.getValue() instanceof Ipld.Str) {
      throw new CodecException(
          "dag-json cannot encode a map whose first key is \"/\" with a string value: it is the"
              + " reserved form of a link");
    }
    if (first.getValue() instanceof Ipld.Map inner && !inner.entries().isEmpty()) {
      String innerFirst =
          inner.entries().keySet().stream()
              .min((a, b) -> Arrays.compareUnsigned(utf8(a), utf8(b)))
              .orElseThrow();
      if (innerFirst.equals("bytes") && inner.entries().get("bytes") instanceof Ipld.Str) {
        throw new CodecException(
            "dag-json cannot encode a map {\"/\": {\"bytes\": string, ...}}: it is the reserved"
                + " form of bytes");
      }
    }
  }

  private static byte[] utf8(String s) {
    return Utf8.encode(s);
  }

  /**
   * A JSON string escaped as JavaScript's JSON.stringify does. A byte of a CBOR text string that is
   * not UTF-8 is written <code>&#92;ufffd</code>, as Kubo's encoder (refmt's) writes each such
   * byte.
   */
  static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Utf8.isEscapeAt(s, i)) {
        sb.append("\\ufffd");
        continue;
      }
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
