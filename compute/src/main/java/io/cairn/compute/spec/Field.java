package io.cairn.compute.spec;

import io.cairn.storage.Cid;
import io.cairn.storage.codec.Ipld;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A node of a decoded document (dag-cbor or JSON) with its path, so that every decode error names
 * the field: {@code job spec field 'limits.fuel': expected integer, found string}.
 */
public final class Field {
  private final String document;
  private final String path;
  private final Ipld node;

  private Field(String document, String path, Ipld node) {
    this.document = document;
    this.path = path;
    this.node = node;
  }

  /** The document's root; {@code document} names it in errors ("job spec", "receipt"). */
  public static Field root(String document, Ipld node) {
    return new Field(document, "", node);
  }

  public String path() {
    return path;
  }

  /** How errors name this field: {@code job spec field 'limits.fuel'}, or the document's name. */
  public String describe() {
    return path.isEmpty() ? document : document + " field '" + path + "'";
  }

  /** The document root's description, for checks that name their own field. */
  public String document() {
    return document;
  }

  public Ipld node() {
    return node;
  }

  /** A required member of this map. */
  public Field get(String key) {
    return opt(key).orElseThrow(() -> error("is missing", child(key)));
  }

  /** An optional member of this map; null counts as absent. */
  public Optional<Field> opt(String key) {
    Ipld value = map(node).get(key);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    return Optional.of(new Field(document, child(key), value));
  }

  /** Refuses members other than {@code allowed}, naming the first unknown one. */
  public Field only(Set<String> allowed) {
    for (String key : map(node).keySet()) {
      if (!allowed.contains(key)) {
        throw error("is not a known field", child(key));
      }
    }
    return this;
  }

  public Map<String, Field> entries() {
    var out = new LinkedHashMap<String, Field>();
    map(node).forEach((k, v) -> out.put(k, new Field(document, child(k), v)));
    return out;
  }

  public List<Field> items() {
    if (!(node instanceof Ipld.List list)) {
      throw expected("list");
    }
    var out = new ArrayList<Field>(list.size());
    for (int i = 0; i < list.size(); i++) {
      out.add(new Field(document, path + "[" + i + "]", list.get(i)));
    }
    return out;
  }

  public String string() {
    if (!(node instanceof Ipld.Str s)) {
      throw expected("string");
    }
    return s.value();
  }

  public boolean bool() {
    if (!(node instanceof Ipld.Bool b)) {
      throw expected("boolean");
    }
    return b.value();
  }

  public BigInteger integer() {
    if (!(node instanceof Ipld.Int i)) {
      throw expected("integer");
    }
    return i.value();
  }

  /** An integer in [min, max]. */
  public long longValue(long min, long max) {
    BigInteger v = integer();
    if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
      throw error("must be between " + min + " and " + max + ", not " + v, path);
    }
    return v.longValue();
  }

  public int intValue(int min, int max) {
    return (int) longValue(min, max);
  }

  /** A number: a float, or an integer taken as one. */
  public double number() {
    return switch (node) {
      case Ipld.Float f -> f.value();
      case Ipld.Int i -> i.value().doubleValue();
      default -> throw expected("number");
    };
  }

  /** Bytes: a byte string (dag-cbor), or base64 text (JSON). */
  public byte[] bytes() {
    return switch (node) {
      case Ipld.Bytes b -> b.value();
      case Ipld.Str s -> {
        try {
          yield java.util.Base64.getDecoder().decode(s.value());
        } catch (IllegalArgumentException e) {
          throw error("is not valid base64: " + e.getMessage(), path);
        }
      }
      default -> throw expected("bytes");
    };
  }

  /** A CID: a link (dag-cbor), or its string form (JSON). */
  public Cid cid() {
    return switch (node) {
      case Ipld.Link l -> l.cid();
      case Ipld.Str s -> {
        try {
          yield Cid.parse(s.value());
        } catch (IllegalArgumentException e) {
          throw error("is not a valid CID: " + e.getMessage(), path);
        }
      }
      default -> throw expected("CID");
    };
  }

  /** Wraps a value check that failed on this field, naming the field. */
  public IllegalArgumentException invalid(String message) {
    return error(message, path);
  }

  private Map<String, Ipld> map(Ipld value) {
    if (!(value instanceof Ipld.Map m)) {
      throw expected("map");
    }
    return m.entries();
  }

  private IllegalArgumentException expected(String kind) {
    return error("expected " + kind + ", found " + node.kind().label(), path);
  }

  private IllegalArgumentException error(String message, String at) {
    String where = new Field(document, at, node).describe();
    String sep = message.startsWith("expected") ? ": " : message.startsWith(":") ? "" : " ";
    return new IllegalArgumentException(where + sep + message);
  }

  private String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
