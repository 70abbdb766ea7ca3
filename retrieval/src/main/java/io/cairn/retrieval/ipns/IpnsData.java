package io.cairn.retrieval.ipns;

import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.DagCbor;
import io.cairn.storage.codec.Ipld;
import io.cairn.storage.codec.Strictness;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signed part of an IPNS record: the DAG-CBOR map in the {@code data} field, with keys {@code
 * Value} (bytes), {@code Validity} (bytes, RFC 3339 text), {@code ValidityType} (0, end of life),
 * {@code Sequence} and {@code TTL} (unsigned integers; the TTL in nanoseconds). Other keys may be
 * present (the spec lets records carry more) and are ignored. The sequence and TTL hold unsigned
 * 64-bit values in a {@code long}.
 */
record IpnsData(byte[] value, byte[] validity, long sequence, long ttl) {
  static final String VALUE = "Value";
  static final String VALIDITY = "Validity";
  static final String VALIDITY_TYPE = "ValidityType";
  static final String SEQUENCE = "Sequence";
  static final String TTL = "TTL";

  /** The only validity type the spec defines: valid until an end of life. */
  static final long EOL = 0;

  /**
   * Reads the map. Decodes leniently (keys in any order, integers not in their shortest form), as
   * go-ipld-prime and cborg read it: the signature covers these exact bytes whatever their form.
   *
   * @throws IpnsException naming the key that is missing or of the wrong kind
   */
  static IpnsData decode(byte[] data) {
    Ipld root;
    try {
      root = DagCbor.decode(data, Strictness.LENIENT);
    } catch (CodecException e) {
      throw new IpnsException("IPNS record data is not valid DAG-CBOR: " + e.getMessage(), e);
    }
    if (!(root instanceof Ipld.Map map)) {
      throw new IpnsException(
          "IPNS record data must be a DAG-CBOR map, not a " + root.kind().label());
    }
    long validityType = unsigned(map, VALIDITY_TYPE);
    if (validityType != EOL) {
      throw new IpnsException(
          "IPNS record data has ValidityType "
              + Long.toUnsignedString(validityType)
              + ": only 0 (EOL) is defined");
    }
    return new IpnsData(
        bytes(map, VALUE), bytes(map, VALIDITY), unsigned(map, SEQUENCE), unsigned(map, TTL));
  }

  /** The canonical DAG-CBOR encoding (keys by length, then bytewise: TTL, Value, Sequence...). */
  byte[] encode() {
    Map<String, Ipld> m = new LinkedHashMap<>();
    m.put(VALUE, Ipld.of(value));
    m.put(VALIDITY, Ipld.of(validity));
    m.put(VALIDITY_TYPE, Ipld.of(EOL));
    m.put(SEQUENCE, Ipld.of(toUnsignedBig(sequence)));
    m.put(TTL, Ipld.of(toUnsignedBig(ttl)));
    return DagCbor.encode(new Ipld.Map(m));
  }

  private static Ipld field(Ipld.Map map, String key) {
    return map.field(key)
        .orElseThrow(() -> new IpnsException("IPNS record data has no " + key + " key"));
  }

  private static byte[] bytes(Ipld.Map map, String key) {
    Ipld v = field(map, key);
    if (!(v instanceof Ipld.Bytes b)) {
      throw new IpnsException(
          "IPNS record data's " + key + " must be bytes, not a " + v.kind().label());
    }
    return b.value();
  }

  private static long unsigned(Ipld.Map map, String key) {
    Ipld v = field(map, key);
    if (!(v instanceof Ipld.Int i)) {
      throw new IpnsException(
          "IPNS record data's " + key + " must be an integer, not a " + v.kind().label());
    }
    if (i.value().signum() < 0) { // the data model's integers end at 2^64 - 1 already
      throw new IpnsException(
          "IPNS record data's " + key + " must be an unsigned 64-bit integer, not " + i.value());
    }
    return i.value().longValue();
  }

  private static BigInteger toUnsignedBig(long v) {
    return new BigInteger(Long.toUnsignedString(v));
  }
}
