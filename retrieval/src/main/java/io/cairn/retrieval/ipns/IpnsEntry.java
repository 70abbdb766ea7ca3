package io.cairn.retrieval.ipns;

import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.Protobuf;

/**
 * The {@code IpnsEntry} protobuf message as it travels, field by field; a field that is absent is
 * null. Only the envelope: {@link IpnsData} reads the signed {@code data} inside it.
 *
 * <pre>
 * 1 value bytes, 2 signatureV1 bytes, 3 validityType enum (0 = EOL), 4 validity bytes,
 * 5 sequence uint64, 6 ttl uint64 (ns), 7 pubKey bytes, 8 signatureV2 bytes, 9 data bytes
 * </pre>
 */
record IpnsEntry(
    byte[] value,
    byte[] signatureV1,
    Long validityType,
    byte[] validity,
    Long sequence,
    Long ttl,
    byte[] pubKey,
    byte[] signatureV2,
    byte[] data) {

  /** The field names, by field number, as the spec's protobuf schema spells them. */
  private static final String[] NAMES = {
    null,
    "value",
    "signatureV1",
    "validityType",
    "validity",
    "sequence",
    "ttl",
    "pubKey",
    "signatureV2",
    "data"
  };

  static String name(int field) {
    return NAMES[field];
  }

  /**
   * Decodes the envelope. Unknown fields are skipped, as protobuf readers do; a known field with
   * the wrong wire type, or given twice, is refused: the envelope is not signed, so it must not be
   * read two ways.
   *
   * @throws IpnsException naming the field that is wrong
   */
  static IpnsEntry decode(byte[] bytes) {
    Object[] fields = new Object[NAMES.length];
    Protobuf.Reader reader = new Protobuf.Reader(bytes, "IPNS record");
    try {
      while (reader.next()) {
        int field = reader.field();
        if (field >= NAMES.length) {
          reader.skip();
          continue;
        }
        if (fields[field] != null) {
          throw new IpnsException("IPNS record has field " + name(field) + " twice");
        }
        boolean number = field == 3 || field == 5 || field == 6;
        if (number) {
          fields[field] = reader.expect(Protobuf.VARINT, name(field)).varint();
        } else {
          fields[field] = reader.expect(Protobuf.LENGTH_DELIMITED, name(field)).bytes();
        }
      }
    } catch (CodecException e) {
      throw new IpnsException(e.getMessage(), e);
    }
    return fromFields(fields);
  }

  /**
   * An entry from its fields indexed by field number (index 0 unused): {@code byte[]} for bytes
   * fields, {@code Long} for the numbers, null where absent.
   */
  static IpnsEntry fromFields(Object[] f) {
    return new IpnsEntry(
        (byte[]) f[1],
        (byte[]) f[2],
        (Long) f[3],
        (byte[]) f[4],
        (Long) f[5],
        (Long) f[6],
        (byte[]) f[7],
        (byte[]) f[8],
        (byte[]) f[9]);
  }

  /** Encodes the present fields in field order, as js {@code ipns} and boxo write them. */
  byte[] encode() {
    Protobuf.Writer w = new Protobuf.Writer(512);
    bytes(w, 1, value);
    bytes(w, 2, signatureV1);
    varint(w, 3, validityType);
    bytes(w, 4, validity);
    varint(w, 5, sequence);
    varint(w, 6, ttl);
    bytes(w, 7, pubKey);
    bytes(w, 8, signatureV2);
    bytes(w, 9, data);
    return w.toByteArray();
  }

  private static void bytes(Protobuf.Writer w, int field, byte[] v) {
    if (v != null) {
      w.bytes(field, v);
    }
  }

  private static void varint(Protobuf.Writer w, int field, Long v) {
    if (v != null) {
      w.varint(field, v);
    }
  }
}
