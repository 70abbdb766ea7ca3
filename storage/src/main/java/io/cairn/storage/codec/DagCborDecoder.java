package io.cairn.storage.codec;

import io.cairn.storage.Cid;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Decodes one DAG-CBOR value, checking every rule its {@link Strictness} asks for. A decoder that
 * only collects links reads what go-ipld-prime's decoder (before v0.24, as in Kubo 0.42) reads for
 * Kubo: indefinite-length lists, maps, text and byte strings, and undefined (as null). Unless
 * strict, text strings that are not UTF-8 are read with their bytes kept (see {@code Utf8}), as
 * go-ipld-prime reads them. Maps keep the order of their keys in the bytes.
 *
 * <p>The plain {@code cbor} codec (go-ipld-prime's {@code codec/cbor}: its DAG-CBOR decoder with
 * links refused) is read leniently, with tag 42 refused in go-ipld-prime's words.
 */
final class DagCborDecoder {
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  private final byte[] b;
  private final boolean strict;
  private final List<Cid> links;
  private final boolean plain;
  private int pos;

  /**
   * @param links receives every link in the order met, or null to decode the value itself
   */
  DagCborDecoder(byte[] bytes, Strictness strictness, List<Cid> links) {
    this(bytes, strictness, links, false);
  }

  /**
   * @param plain whether the bytes are of the plain {@code cbor} codec rather than DAG-CBOR
   */
  DagCborDecoder(byte[] bytes, Strictness strictness, List<Cid> links, boolean plain) {
    this.b = bytes;
    this.strict = strictness == Strictness.STRICT && !plain;
    this.links = links;
    this.plain = plain;
  }

  Ipld decodeAll() {
    if (b.length == 0) {
      throw error(0, "input is empty");
    }
    Ipld v = value(0);
    if (pos != b.length) {
      throw error(pos, (b.length - pos) + " trailing bytes after the value");
    }
    return v;
  }

  private Ipld value(int depth) {
    int start = pos;
    if (depth > DagCbor.MAX_DEPTH) {
      throw error(start, "value nests deeper than " + DagCbor.MAX_DEPTH + " levels");
    }
    int ib = u8("a value");
    int major = ib >>> 5;
    int ai = ib & 0x1f;
    if (major == 7) {
      if (ai == 23 && links != null) {
        return Ipld.NULL; // go-ipld-prime reads undefined as null (refmt's CoerceUndefToNull)
      }
      return simple(start, ai);
    }
    if (ai == 31 && links != null && major >= 2 && major <= 5) {
      // go-ipld-prime reads indefinite-length strings, lists and maps, so a walk does too.
      return switch (major) {
        case 2 -> new Ipld.Bytes(chunked(2));
        case 3 -> new Ipld.Str(escaping(chunked(3)));
        case 4 -> list(start, -1, true, depth);
        default -> map(start, -1, true, depth);
      };
    }
    long arg = argument(start, major, ai);
    return switch (major) {
      case 0 -> new Ipld.Int(unsigned(arg));
      case 1 -> new Ipld.Int(unsigned(arg).add(BigInteger.ONE).negate());
      case 2 -> new Ipld.Bytes(take(start, arg, "byte string"));
      case 3 -> new Ipld.Str(string(start, arg));
      case 4 -> list(start, arg, false, depth);
      case 5 -> map(start, arg, false, depth);
      default -> tag(start, arg);
    };
  }

  /**
   * @param open whether the list has no length and ends at a break byte instead ({@code count} is
   *     then ignored)
   */
  private Ipld.List list(int start, long count, boolean open, int depth) {
    if (!open && Long.compareUnsigned(count, b.length - pos) > 0) {
      throw truncated(start, "list of " + Long.toUnsignedString(count) + " items");
    }
    List<Ipld> values = new ArrayList<>(open ? 16 : (int) Math.min(count, 1024));
    for (long i = 0; open ? !atBreak("an indefinite-length list") : i < count; i++) {
      values.add(value(depth + 1));
    }
    return new Ipld.List(values);
  }

  /**
   * The bytes of an indefinite-length byte ({@code major} 2) or text (3) string, its head read: its
   * chunks, definite-length strings of the same kind, joined up to the break (refmt's {@code
   * decodeBytesOrStringIndefinite}). Only a links-only read gets here.
   */
  private byte[] chunked(int major) {
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    while (!atBreak("an indefinite-length " + kindOf(major))) {
      int chunk = pos;
      int ib = u8("an indefinite-length " + kindOf(major));
      if (ib >>> 5 != major || (ib & 0x1f) == 31) {
        throw error(
            chunk,
            "indefinite-length "
                + kindOf(major)
                + " holds a chunk that is not a definite-length "
                + kindOf(major));
      }
      joined.writeBytes(take(chunk, argument(chunk, major, ib & 0x1f), kindOf(major) + " chunk"));
    }
    return joined.toByteArray();
  }

  /** Whether the next byte ends an indefinite-length item; consumes it if so. */
  private boolean atBreak(String what) {
    need(1, what);
    if ((b[pos] & 0xFF) == 0xff) {
      pos++;
      return true;
    }
    return false;
  }

  private Ipld.Map map(int start, long count, boolean open, int depth) {
    if (open) {
      count = Long.MAX_VALUE;
    } else if (Long.compareUnsigned(count, (b.length - pos) / 2) > 0) {
      throw truncated(start, "map of " + Long.toUnsignedString(count) + " entries");
    }
    int capacity = open ? 16 : (int) Math.min(count * 2, 2048);
    LinkedHashMap<String, Ipld> entries = new LinkedHashMap<>(capacity);
    // Keys are told apart by their bytes, which also holds for keys that are not UTF-8.
    HashSet<ByteBuffer> seen = new HashSet<>(capacity);
    int prevStart = -1;
    int prevEnd = -1;
    for (long i = 0; i < count && !(open && atBreak("an indefinite-length map")); i++) {
      int keyStart = pos;
      int ib = u8("a map key");
      int major = ib >>> 5;
      if (major != 3) {
        throw error(keyStart, "map key is " + kindOf(major) + "; only string keys are allowed");
      }
      String key;
      ByteBuffer keyBytes;
      if ((ib & 0x1f) == 31 && links != null) {
        byte[] joined = chunked(3); // a key in chunks, as go-ipld-prime reads it
        key = escaping(joined);
        keyBytes = ByteBuffer.wrap(joined);
      } else {
        long keyLength = argument(keyStart, 3, ib & 0x1f);
        int textStart = pos;
        key = string(keyStart, keyLength);
        keyBytes = ByteBuffer.wrap(b, textStart, pos - textStart);
      }
      int keyEnd = pos;
      if (!seen.add(keyBytes)) {
        throw error(keyStart, "duplicate map key '" + key + "'");
      }
      if (strict
          && prevStart >= 0
          && Arrays.compareUnsigned(b, prevStart, prevEnd, b, keyStart, keyEnd) > 0) {
        throw error(
            keyStart,
            "map key '" + key + "' is out of canonical order (keys sort by length, then bytewise)");
      }
      prevStart = keyStart;
      prevEnd = keyEnd;
      entries.put(key, value(depth + 1));
    }
    return new Ipld.Map(entries, true);
  }

  private Ipld.Link tag(int start, long tag) {
    if (plain) {
      // go-ipld-prime's cbor codec refuses every tag it meets on a byte string, 42 included.
      throw error(start, "unhandled cbor tag " + Long.toUnsignedString(tag));
    }
    if (tag != DagCbor.TAG_CID) {
      throw error(start, "tag " + Long.toUnsignedString(tag) + " is not allowed; only tag 42");
    }
    int inner = pos;
    int ib = u8("the content of tag 42");
    if (ib >>> 5 != 2) {
      throw error(inner, "tag 42 must hold a byte string, not " + kindOf(ib >>> 5));
    }
    byte[] raw =
        (ib & 0x1f) == 31 && links != null
            ? chunked(2)
            : take(inner, argument(inner, 2, ib & 0x1f), "link");
    if (raw.length == 0 || raw[0] != 0) {
      throw error(inner, "link bytes must start with the 0x00 multibase prefix");
    }
    Cid cid;
    try {
      cid = Cid.decode(Arrays.copyOfRange(raw, 1, raw.length));
    } catch (IllegalArgumentException e) {
      throw error(inner, "tag 42 holds an invalid CID: " + e.getMessage());
    }
    if (links != null) {
      links.add(cid);
    }
    return new Ipld.Link(cid);
  }

  private Ipld simple(int start, int ai) {
    return switch (ai) {
      case 20 -> Ipld.FALSE;
      case 21 -> Ipld.TRUE;
      case 22 -> Ipld.NULL;
      case 23 -> throw error(start, "undefined is not in the IPLD data model");
      case 24 -> throw error(start, "simple value " + u8("a simple value") + " is not allowed");
      case 25 -> floatOf(start, Float.float16ToFloat((short) readBits(2)), 16);
      case 26 -> floatOf(start, Float.intBitsToFloat((int) readBits(4)), 32);
      case 27 -> floatOf(start, Double.longBitsToDouble(readBits(8)), 64);
      case 31 ->
          throw error(
              start,
              links == null
                  ? "unexpected break; indefinite lengths are not allowed"
                  : "unexpected break");
      default -> {
        if (ai < 20) {
          throw error(start, "simple value " + ai + " is not allowed");
        }
        throw error(start, "reserved additional information " + ai + " in major type 7");
      }
    };
  }

  private Ipld.Float floatOf(int start, double v, int width) {
    if (Double.isNaN(v)) {
      throw error(start, "NaN is not in the IPLD data model");
    }
    if (Double.isInfinite(v)) {
      throw error(start, v + " is not in the IPLD data model");
    }
    if (strict && width != 64) {
      throw error(start, width + "-bit float; DAG-CBOR floats must be 64-bit");
    }
    return new Ipld.Float(v);
  }

  /** Reads a head's argument, enforcing shortest form when strict; returned unsigned. */
  private long argument(int start, int major, int ai) {
    if (ai < 24) {
      return ai;
    }
    if (ai == 31) {
      if (major >= 2 && major <= 5) {
        throw error(start, "indefinite-length " + kindOf(major) + " is not allowed");
      }
      throw error(start, "additional information 31 is not valid for " + kindOf(major));
    }
    if (ai > 27) {
      throw error(start, "reserved additional information " + ai);
    }
    int n = 1 << (ai - 24);
    long v = readBits(n);
    if (strict) {
      long min = n == 1 ? 24 : 1L << (4 * n);
      if (Long.compareUnsigned(v, min) < 0) {
        throw error(
            start,
            kindOf(major)
                + " argument "
                + Long.toUnsignedString(v)
                + " is not in its shortest form ("
                + n
                + " bytes)");
      }
    }
    return v;
  }

  private long readBits(int n) {
    need(n, "a " + (8 * n) + "-bit argument");
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 8) | (b[pos++] & 0xFF);
    }
    return v;
  }

  private int u8(String what) {
    need(1, what);
    return b[pos++] & 0xFF;
  }

  private void need(int n, String what) {
    if (b.length - pos < n) {
      throw truncated(pos, what);
    }
  }

  private byte[] take(int start, long length, String what) {
    if (Long.compareUnsigned(length, b.length - pos) > 0) {
      throw truncated(
          start,
          what
              + " of "
              + Long.toUnsignedString(length)
              + " bytes ("
              + (b.length - pos)
              + " bytes left)");
    }
    byte[] out = Arrays.copyOfRange(b, pos, pos + (int) length);
    pos += (int) length;
    return out;
  }

  private String string(int start, long length) {
    if (Long.compareUnsigned(length, b.length - pos) > 0) {
      throw truncated(
          start,
          "string of " + Long.toUnsignedString(length) + " bytes (" + (b.length - pos) + " left)");
    }
    String s;
    if (strict) {
      s = Utf8.decodeOrNull(b, pos, (int) length);
      if (s == null) {
        throw error(start, "string is not valid UTF-8");
      }
    } else {
      // go-ipld-prime keeps a text string's bytes as a Go string, UTF-8 or not; so does this.
      s = Utf8.decodeEscaping(b, pos, (int) length);
    }
    pos += (int) length;
    return s;
  }

  private static String escaping(byte[] text) {
    return Utf8.decodeEscaping(text, 0, text.length);
  }

  private static BigInteger unsigned(long v) {
    BigInteger x = BigInteger.valueOf(v);
    return v < 0 ? x.add(TWO_64) : x;
  }

  private static String kindOf(int major) {
    return switch (major) {
      case 0 -> "unsigned integer";
      case 1 -> "negative integer";
      case 2 -> "byte string";
      case 3 -> "text string";
      case 4 -> "array";
      case 5 -> "map";
      case 6 -> "tag";
      default -> "simple value or float";
    };
  }

  private CodecException truncated(int at, String what) {
    return error(at, "input is truncated: it ends inside " + what);
  }

  private CodecException error(int at, String message) {
    return new CodecException((plain ? "cbor: " : "dag-cbor: ") + message + " at byte " + at);
  }
}
