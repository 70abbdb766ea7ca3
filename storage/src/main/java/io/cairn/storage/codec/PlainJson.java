package io.cairn.storage.codec;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The plain {@code json} codec (multicodec 0x0200) as Kubo reads and writes it: go-ipld-prime's
 * {@code codec/json}, which is its DAG-JSON codec with links and bytes left out, map entries in the
 * map's own order, and refmt's JSON writer set to indent.
 *
 * <p>Decoding: any JSON; {@code {"/": ...}} is an ordinary map (no links, no bytes); whitespace and
 * key order are free and kept; bytes that are not UTF-8 and unpaired surrogate escapes become
 * U+FFFD. Encoding, byte for byte as go-ipld-prime writes it: a map or list opens a line for each
 * entry, indented by one tab per level, with {@code ": "} after a key, and the outermost one ends
 * with a newline (a scalar alone has none); strings and floats are written as in DAG-JSON ({@link
 * DagJson#string}, {@link JsonFloats}), so a whole float has no decimal point (it reads back as an
 * integer, as in Kubo). Bytes and links cannot be written.
 */
public final class PlainJson {
  private PlainJson() {}

  /**
   * Decodes one JSON value that spans all of {@code bytes}.
   *
   * @throws CodecException naming the fault and its byte offset
   */
  public static Ipld decode(byte[] bytes) {
    return new DagJsonDecoder(bytes, Strictness.LENIENT, null, true).decodeAll();
  }

  /**
   * Encodes as go-ipld-prime's json codec does.
   *
   * @throws CodecException for bytes or a link, in go-ipld-prime's words
   */
  public static byte[] encode(Ipld value) {
    StringBuilder sb = new StringBuilder(64);
    write(sb, value, 0);
    if (value instanceof Ipld.Map || value instanceof Ipld.List) {
      sb.append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Writes a value with {@code depth} lists and maps open around it. */
  private static void write(StringBuilder sb, Ipld value, int depth) {
    if (depth > DagJson.MAX_DEPTH) {
      throw new CodecException("json: value nests deeper than " + DagJson.MAX_DEPTH + " levels");
    }
    switch (value) {
      case Ipld.Null n -> sb.append("null");
      case Ipld.Bool b -> sb.append(b.value());
      case Ipld.Int i -> sb.append(i.value());
      case Ipld.Float f -> sb.append(JsonFloats.format(f.value()));
      case Ipld.Str s -> DagJson.string(sb, s.value());
      case Ipld.Bytes b -> throw new CodecException("cannot marshal IPLD bytes to this codec");
      case Ipld.Link l -> throw new CodecException("cannot marshal IPLD links to this codec");
      case Ipld.List l -> {
        sb.append('[');
        for (int i = 0; i < l.size(); i++) {
          entryStart(sb, i, depth);
          write(sb, l.get(i), depth + 1);
        }
        close(sb, l.size(), depth, ']');
      }
      case Ipld.Map m -> {
        sb.append('{');
        int i = 0;
        for (Map.Entry<String, Ipld> e : m.entries().entrySet()) {
          entryStart(sb, i++, depth);
          DagJson.string(sb, e.getKey());
          sb.append(": ");
          write(sb, e.getValue(), depth + 1);
        }
        close(sb, m.size(), depth, '}');
      }
    }
  }

  private static void entryStart(StringBuilder sb, int index, int depth) {
    if (index > 0) {
      sb.append(',');
    }
    sb.append('\n').append("\t".repeat(depth + 1));
  }

  private static void close(StringBuilder sb, int size, int depth, char bracket) {
    if (size > 0) {
      sb.append('\n').append("\t".repeat(depth));
    }
    sb.append(bracket);
  }
}
