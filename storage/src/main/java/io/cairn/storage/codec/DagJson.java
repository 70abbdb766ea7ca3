package io.cairn.storage.codec;

import io.cairn.storage.Cid;
import io.cairn.storage.Multibase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The DAG-JSON codec (IPLD spec "DAG-JSON"), byte for byte as Kubo writes it (go-ipld-prime's
 * {@code codec/dagjson} over refmt's JSON writer). Encoding: no whitespace, map keys sorted by
 * their UTF-8 bytes, links as {@code {"/":"<cid>"}} (CIDv0 base58btc, CIDv1 base32), bytes as
 * {@code {"/":{"bytes":"<base64, standard alphabet, unpadded>"}}}, integers as plain digits, floats
 * as {@link JsonFloats} writes them and strings escaped as refmt escapes them (see {@link
 * #string}).
 *
 * <p>Where Kubo's writer loses information, Cairn writes what Kubo writes, so blocks and CIDs are
 * the same: a whole float has no decimal point ({@code 1.0} is written {@code 1} and reads back as
 * the integer 1; a whole float of 2^64 or more up to 1e21 is written as digits no decoder takes as
 * an integer), and negative zero is written {@code -0}, which reads back as the integer 0.
 * JavaScript's {@code @ipld/dag-json} writes {@code 1.0} and {@code 0} there instead. Only the
 * single-entry maps that would read back as something else are refused: {@code {"/": string}} (a
 * link) and {@code {"/": {"bytes": string}}} (bytes).
 *
 * <p>Decoding enforces the spec's reserved-namespace rules for {@code "/"} maps and refuses text
 * that is not UTF-8 in {@link Strictness#STRICT} mode (the default), which also requires sorted
 * keys and no whitespace. {@link Strictness#LENIENT} reads as Kubo's decoder reads (what {@code dag
 * put} uses): whitespace, any key order, padded base64, a {@code "/"} map that is not exactly a
 * link or bytes as an ordinary map, each byte that is not UTF-8 and each unpaired surrogate escape
 * as U+FFFD, and NUL bytes after the value.
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
      case Ipld.Float f -> sb.append(JsonFloats.format(f.value()));
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
    if (entries.size() == 1) {
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

  /**
   * Refuses the single-entry maps that DAG-JSON readers would take for a link or bytes, or must
   * reject. Kubo's decoder takes any other map whose first key is "/" for a map, so Kubo writes
   * them.
   */
  private static void checkNotReserved(Map.Entry<String, Ipld> first) {
    if (!first.getKey().equals("/")) {
      return;
    }
    if (first.getValue() instanceof Ipld.Str) {
      throw new CodecException(
          "dag-json cannot encode a map whose only key is \"/\" with a string value: it is the"
              + " reserved form of a link");
    }
    if (first.getValue() instanceof Ipld.Map inner && inner.entries().size() == 1) {
      if (inner.entries().get("bytes") instanceof Ipld.Str) {
        throw new CodecException(
            "dag-json cannot encode a map {\"/\": {\"bytes\": string}}: it is the reserved form"
                + " of bytes");
      }
    }
  }

  /**
   * A JSON string escaped as refmt's writer (Kubo's) escapes it: {@code "} and {@code \} with a
   * backslash, {@code \n}, {@code \r} and {@code \t} by letter, every other byte below 0x20 as
   * <code>&#92;u00xx</code> (lower-case hex, so backspace and form feed too), U+2028 and U+2029 as
   * <code>&#92;u2028</code> and <code>&#92;u2029</code>, each byte that is not UTF-8 (a CBOR text
   * string's, kept in an {@link Ipld.Str}) as <code>&#92;ufffd</code>, and everything else, 0x7f
   * included, as it is.
   */
  static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Utf8.isEscapeAt(s, i)) {
        sb.append("\\ufffd");
      } else if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c < 0x20 || c == '\u2028' || c == '\u2029') {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }
}
