package io.cairn.retrieval.ipns;

import java.util.Arrays;
import java.util.Objects;

/**
 * The V1 protobuf fields of a record ({@code value}, {@code validity}, {@code validityType}, {@code
 * sequence}, {@code ttl} and {@code signatureV1}), which V1-compatible records repeat beside the
 * signed {@code data}. They are not signed by {@code signatureV2}, so a reader must not trust them
 * unless they say what {@code data} says: whichever are present must match it, and a record with
 * {@code value} and {@code signatureV1} (a V1+V2 record) must carry all five, as js {@code ipns}
 * requires.
 */
final class IpnsV1 {
  private IpnsV1() {}

  /** Whether the record is a V1+V2 one: it has the V1 value and signature. */
  static boolean present(IpnsEntry entry) {
    return entry.value() != null && entry.signatureV1() != null;
  }

  /**
   * @throws IpnsException naming the first V1 field that is missing or differs from the data's
   */
  static void checkMatches(IpnsEntry entry, IpnsData data) {
    boolean all = present(entry);
    check(all, entry.value(), data.value(), 1, IpnsData.VALUE);
    check(all, entry.validity(), data.validity(), 4, IpnsData.VALIDITY);
    check(all, entry.validityType(), IpnsData.EOL, 3, IpnsData.VALIDITY_TYPE);
    check(all, entry.sequence(), data.sequence(), 5, IpnsData.SEQUENCE);
    check(all, entry.ttl(), data.ttl(), 6, IpnsData.TTL);
  }

  private static void check(boolean required, Object v1, Object signed, int field, String key) {
    if (v1 == null) {
      if (required) {
        throw new IpnsException(
            "IPNS record has value and signatureV1 but no V1 field " + IpnsEntry.name(field));
      }
      return;
    }
    boolean same =
        v1 instanceof byte[] a ? Arrays.equals(a, (byte[]) signed) : Objects.equals(v1, signed);
    if (!same) {
      throw new IpnsException(
          "IPNS record's V1 field "
              + IpnsEntry.name(field)
              + " does not match the signed data's "
              + key);
    }
  }
}
