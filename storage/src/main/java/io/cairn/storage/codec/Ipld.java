package io.cairn.storage.codec;

import io.cairn.storage.Cid;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Optional;

/**
 * A value of the IPLD data model: null, boolean, integer, float, string, bytes, list, map (string
 * keys) or link. Values are immutable. A map iterates in DAG-CBOR's canonical key order (shorter
 * keys first, then bytewise), so two equal maps iterate alike whatever order built them, unless it
 * was built to keep its entries' order ({@link #mapInOrder}), as the decoders build maps: the plain
 * {@code json} and {@code cbor} codecs write that order, as go-ipld-prime's maps do.
 */
public sealed interface Ipld {
  /** The data model kinds. */
  enum Kind {
    NULL,
    BOOLEAN,
    INTEGER,
    FLOAT,
    STRING,
    BYTES,
    LIST,
    MAP,
    LINK;

    /** The kind's name as the IPLD docs spell it ("map", "link"). */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The smallest integer the data model holds here: -2^64, CBOR's most negative. */
  BigInteger MIN_INT = BigInteger.ONE.shiftLeft(64).negate();

  /** The largest integer: 2^64 - 1, CBOR's largest unsigned. */
  BigInteger MAX_INT = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  Null NULL = new Null();
  Bool TRUE = new Bool(true);
  Bool FALSE = new Bool(false);

  Kind kind();

  record Null() implements Ipld {
    @Override
    public Kind kind() {
      return Kind.NULL;
    }
  }

  record Bool(boolean value) implements Ipld {
    @Override
    public Kind kind() {
      return Kind.BOOLEAN;
    }
  }

  /** An integer in [-2^64, 2^64 - 1], the range DAG-CBOR can encode. */
  record Int(BigInteger value) implements Ipld {
    public Int {
      Objects.requireNonNull(value, "value");
      if (value.compareTo(MIN_INT) < 0 || value.compareTo(MAX_INT) > 0) {
        throw new IllegalArgumentException(
            "integer " + value + " is outside the data model's range [-2^64, 2^64-1]");
      }
    }

    /** Whether the value fits a Java long. */
    public boolean fitsLong() {
      return value.bitLength() < 64;
    }

    /** The value as a long; throws if it does not fit. */
    public long longValue() {
      if (!fitsLong()) {
        throw new ArithmeticException("integer " + value + " does not fit a 64-bit signed long");
      }
      return value.longValue();
    }

    @Override
    public Kind kind() {
      return Kind.INTEGER;
    }
  }

  /** A finite double; NaN and the infinities are not in the data model. */
  record Float(double value) implements Ipld {
    public Float {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(value + " is not in the IPLD data model");
      }
    }

    @Override
    public Kind kind() {
      return Kind.FLOAT;
    }
  }

  /**
   * A string. Unpaired surrogates are refused as they have no UTF-8 form, except U+DC80 to U+DCFF:
   * those stand for the bytes 0x80 to 0xFF of a CBOR text string that is not valid UTF-8, which
   * go-ipld-prime (and so Kubo) keeps as they are (see {@code Utf8}). DAG-CBOR writes such a
   * string's bytes back unchanged; JSON writes each such byte as <code>&#92;ufffd</code>, as Kubo
   * does.
   */
  record Str(String value) implements Ipld {
    public Str {
      Objects.requireNonNull(value, "value");
      int bad = Utf8.firstUnencodable(value);
      if (bad >= 0) {
        throw new IllegalArgumentException(
            "string has an unpaired surrogate at index " + bad + " and cannot be encoded as UTF-8");
      }
    }

    @Override
    public Kind kind() {
      return Kind.STRING;
    }
  }

  record Bytes(byte[] value) implements Ipld {
    public Bytes {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    public int length() {
      return value.length;
    }

    @Override
    public Kind kind() {
      return Kind.BYTES;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes b && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Bytes[" + value.length + " bytes]";
    }
  }

  record List(java.util.List<Ipld> values) implements Ipld {
    public List {
      values = java.util.List.copyOf(values);
    }

    public int size() {
      return values.size();
    }

    public Ipld get(int index) {
      return values.get(index);
    }

    @Override
    public Kind kind() {
      return Kind.LIST;
    }
  }

  /**
   * A map with string keys. Unless {@code ordered}, it iterates in DAG-CBOR canonical order
   * (length, then bytes); an ordered map iterates in the order of the map it was given. Equality
   * ignores the order.
   */
  record Map(java.util.Map<String, Ipld> entries, boolean ordered) implements Ipld {
    /** DAG-CBOR's key order: by UTF-8 length, then bytewise. */
    public static final Comparator<String> CANONICAL_ORDER =
        (a, b) -> {
          byte[] x = Utf8.encode(a);
          byte[] y = Utf8.encode(b);
          return x.length != y.length
              ? Integer.compare(x.length, y.length)
              : Arrays.compareUnsigned(x, y);
        };

    /** A map in canonical key order. */
    public Map(java.util.Map<String, Ipld> entries) {
      this(entries, false);
    }

    public Map {
      var keys = new ArrayList<String>(entries.size());
      for (var e : entries.entrySet()) {
        Objects.requireNonNull(e.getKey(), "map key");
        Objects.requireNonNull(e.getValue(), "map value");
        if (Utf8.firstUnencodable(e.getKey()) >= 0) {
          throw new IllegalArgumentException(
              "map key has an unpaired surrogate and cannot be encoded as UTF-8");
        }
        keys.add(e.getKey());
      }
      if (!ordered) {
        keys.sort(CANONICAL_ORDER);
      }
      var copy = new LinkedHashMap<String, Ipld>(Math.max(4, keys.size() * 2));
      for (String k : keys) {
        copy.put(k, entries.get(k));
      }
      entries = Collections.unmodifiableMap(copy);
    }

    /** The entries in canonical key order, whatever order this map keeps. */
    public java.util.List<java.util.Map.Entry<String, Ipld>> canonicalEntries() {
      var sorted = new ArrayList<>(entries.entrySet());
      if (ordered) {
        sorted.sort(java.util.Map.Entry.comparingByKey(CANONICAL_ORDER));
      }
      return sorted;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Map m && entries.equals(m.entries);
    }

    @Override
    public int hashCode() {
      return entries.hashCode();
    }

    public int size() {
      return entries.size();
    }

    /** The value under one key (which, unlike a path, may contain '/'). */
    public Optional<Ipld> field(String key) {
      return Optional.ofNullable(entries.get(key));
    }

    @Override
    public Kind kind() {
      return Kind.MAP;
    }
  }

  record Link(Cid cid) implements Ipld {
    public Link {
      Objects.requireNonNull(cid, "cid");
    }

    @Override
    public Kind kind() {
      return Kind.LINK;
    }
  }

  // ---- factories ----

  static Bool of(boolean value) {
    return value ? TRUE : FALSE;
  }

  static Int of(long value) {
    return new Int(BigInteger.valueOf(value));
  }

  static Int of(BigInteger value) {
    return new Int(value);
  }

  static Float of(double value) {
    return new Float(value);
  }

  static Str of(String value) {
    return new Str(value);
  }

  static Bytes of(byte[] value) {
    return new Bytes(value);
  }

  static Link of(Cid cid) {
    return new Link(cid);
  }

  static List list(Ipld... values) {
    return new List(java.util.List.of(values));
  }

  static List list(java.util.List<? extends Ipld> values) {
    return new List(java.util.List.copyOf(values));
  }

  static Map map(java.util.Map<String, ? extends Ipld> entries) {
    return new Map(java.util.Map.copyOf(entries));
  }

  /** A map that iterates in the order of {@code entries}. */
  static Map mapInOrder(java.util.SequencedMap<String, ? extends Ipld> entries) {
    return new Map(new LinkedHashMap<>(entries), true);
  }

  // ---- accessors: each throws IllegalStateException naming the kind found ----

  default boolean isNull() {
    return this instanceof Null;
  }

  default boolean asBoolean() {
    return expect(Bool.class, Kind.BOOLEAN).value();
  }

  default long asLong() {
    return expect(Int.class, Kind.INTEGER).longValue();
  }

  default BigInteger asBigInteger() {
    return expect(Int.class, Kind.INTEGER).value();
  }

  default double asDouble() {
    return expect(Float.class, Kind.FLOAT).value();
  }

  default String asString() {
    return expect(Str.class, Kind.STRING).value();
  }

  default byte[] asBytes() {
    return expect(Bytes.class, Kind.BYTES).value();
  }

  default java.util.List<Ipld> asList() {
    return expect(List.class, Kind.LIST).values();
  }

  default java.util.Map<String, Ipld> asMap() {
    return expect(Map.class, Kind.MAP).entries();
  }

  default Cid asLink() {
    return expect(Link.class, Kind.LINK).cid();
  }

  private <T extends Ipld> T expect(Class<T> type, Kind kind) {
    if (!type.isInstance(this)) {
      throw new IllegalStateException("expected " + kind.label() + ", found " + kind().label());
    }
    return type.cast(this);
  }

  /**
   * The node at a path inside this value: segments separated by {@code /}, map keys or list indexes
   * ({@code "a/0/b"}). Links are not followed; see {@link DagResolver} for that.
   *
   * @throws IllegalArgumentException naming the first segment that does not resolve
   */
  default Ipld get(String path) {
    return IpldPath.walk(this, IpldPath.segments(path), 0, "", null).node();
  }

  /** As {@link #get}, but empty when the path does not resolve. */
  default Optional<Ipld> find(String path) {
    try {
      return Optional.of(get(path));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Every link inside this value, depth first in iteration order. */
  default java.util.List<Cid> links() {
    var out = new ArrayList<Cid>();
    IpldPath.collectLinks(this, out);
    return out;
  }
}
