package io.cairn.storage.codec;

import io.cairn.storage.Cid;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The DAG-CBOR codec (IPLD spec "DAG-CBOR"). Encoding is canonical: map keys sorted by length then
 * bytewise, integers and lengths in their shortest form, floats always 64-bit, definite lengths
 * only, links as tag 42 over a byte string holding 0x00 and the binary CID. Decoding is {@link
 * Strictness#STRICT} unless asked otherwise; every error names the fault and its byte offset.
 */
public final class DagCbor {
  /** Nesting deeper than this is refused on decode and encode. */
  public static final int MAX_DEPTH = 512;

  static final int TAG_CID = 42;

  private DagCbor() {}

  /** Decodes strictly. */
  public static Ipld decode(byte[] bytes) {
    return decode(bytes, Strictness.STRICT);
  }

  /**
   * Decodes one DAG-CBOR value that spans all of {@code bytes}.
   *
   * @throws CodecException naming the fault and its byte offset
   */
  public static Ipld decode(byte[] bytes, Strictness strictness) {
    return new DagCborDecoder(bytes, strictness, null).decodeAll();
  }

  /**
   * The links of a block in the order they appear in its bytes (for canonical bytes, the order of
   * the canonical encoding). Decodes leniently: non-canonical but well-formed blocks have links,
   * text strings need not be UTF-8, strings, lists and maps may be of indefinite length and
   * undefined is read as null (as in go-ipld-prime before v0.24, whose decoder Kubo 0.42 walks DAGs
   * with).
   */
  public static List<Cid> links(byte[] bytes) {
    List<Cid> out = new ArrayList<>();
    new DagCborDecoder(bytes, Strictness.LENIENT, out).decodeAll();
    return out;
  }

  /** Encodes canonically. */
  public static byte[] encode(Ipld value) {
    return encode(value, true);
  }

  /**
   * Encodes as DAG-CBOR ({@code dag}) or as the plain {@code cbor} codec, which go-ipld-prime
   * writes with the same encoder but with map entries in the map's own order and links refused.
   */
  static byte[] encode(Ipld value, boolean dag) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    write(out, value, 0, dag);
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, Ipld value, int depth, boolean dag) {
    if (depth > MAX_DEPTH) {
      throw new CodecException(
          (dag ? "dag-cbor" : "cbor") + ": value nests deeper than " + MAX_DEPTH + " levels");
    }
    switch (value) {
      case Ipld.Null n -> out.write(0xf6);
      case Ipld.Bool b -> out.write(b.value() ? 0xf5 : 0xf4);
      case Ipld.Int i -> writeInt(out, i.value());
      case Ipld.Float f -> {
        out.write(0xfb);
        long bits = Double.doubleToRawLongBits(f.value());
        for (int s = 56; s >= 0; s -= 8) {
          out.write((int) (bits >>> s));
        }
      }
      case Ipld.Str s -> {
        byte[] utf8 = Utf8.encode(s.value());
        head(out, 3, utf8.length);
        out.writeBytes(utf8);
      }
      case Ipld.Bytes b -> {
        byte[] raw = b.value();
        head(out, 2, raw.length);
        out.writeBytes(raw);
      }
      case Ipld.List l -> {
        head(out, 4, l.size());
        for (Ipld v : l.values()) {
          write(out, v, depth + 1, dag);
        }
      }
      case Ipld.Map m -> {
        head(out, 5, m.size());
        for (Map.Entry<String, Ipld> e : dag ? m.canonicalEntries() : m.entries().entrySet()) {
          byte[] key = Utf8.encode(e.getKey());
          head(out, 3, key.length);
          out.writeBytes(key);
          write(out, e.getValue(), depth + 1, dag);
        }
      }
      case Ipld.Link l -> {
        if (!dag) {
          throw new CodecException("cannot Marshal ipld links to CBOR"); // go-ipld-prime's words
        }
        out.write(0xd8);
        out.write(TAG_CID);
        byte[] cid = l.cid().bytes();
        head(out, 2, cid.length + 1L);
        out.write(0);
        out.writeBytes(cid);
      }
    }
  }

  private static void writeInt(ByteArrayOutputStream out, BigInteger v) {
    if (v.signum() >= 0) {
      head(out, 0, v.longValue()); // up to 2^64-1: the low 64 bits, read unsigned
    } else {
      head(out, 1, v.negate().subtract(BigInteger.ONE).longValue());
    }
  }

  /** A major type and its argument in the shortest form; {@code arg} is read as unsigned. */
  static void head(ByteArrayOutputStream out, int major, long arg) {
    int m = major << 5;
    if (Long.compareUnsigned(arg, 24) < 0) {
      out.write(m | (int) arg);
    } else if (Long.compareUnsigned(arg, 0x100) < 0) {
      out.write(m | 24);
      out.write((int) arg);
    } else if (Long.compareUnsigned(arg, 0x10000) < 0) {
      out.write(m | 25);
      out.write((int) (arg >>> 8));
      out.write((int) arg);
    } else if (Long.compareUnsigned(arg, 0x1_0000_0000L) < 0) {
      out.write(m | 26);
      for (int s = 24; s >= 0; s -= 8) {
        out.write((int) (arg >>> s));
      }
    } else {
      out.write(m | 27);
      for (int s = 56; s >= 0; s -= 8) {
        out.write((int) (arg >>> s));
      }
    }
  }
}
