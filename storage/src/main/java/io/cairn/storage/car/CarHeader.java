package io.cairn.storage.car;

import io.cairn.storage.Cid;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.DagCbor;
import io.cairn.storage.codec.Ipld;
import io.cairn.storage.codec.Strictness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a CAR file says about itself: its root CIDs and, for a CARv2, the outer header.
 *
 * @param roots the roots of the (inner) CARv1 header, in file order
 * @param v2 the CARv2 header, or null for a CARv1
 */
public record CarHeader(List<Cid> roots, CarV2Header v2) {
  public CarHeader {
    roots = List.copyOf(roots);
  }

  public int version() {
    return v2 == null ? 1 : 2;
  }

  public Optional<CarV2Header> carV2() {
    return Optional.ofNullable(v2);
  }

  /** The DAG-CBOR CARv1 header block {@code {"roots": [...], "version": 1}}. */
  static byte[] encodeV1(List<Cid> roots) {
    List<Ipld> links = new ArrayList<>(roots.size());
    roots.forEach(r -> links.add(Ipld.of(r)));
    return DagCbor.encode(Ipld.map(Map.of("roots", Ipld.list(links), "version", Ipld.of(1))));
  }

  /**
   * Reads a CARv1 header block and returns its roots; any other version is refused (a CARv2 is
   * recognised by its pragma before this is called).
   */
  static List<Cid> decodeRoots(byte[] block, long at) {
    Ipld value;
    try {
      value = DagCbor.decode(block, Strictness.LENIENT);
    } catch (CodecException e) {
      throw new InvalidCarException(
          "CAR header at byte " + at + " is not valid DAG-CBOR: " + e.getMessage(), e);
    }
    if (!(value instanceof Ipld.Map map)) {
      throw new InvalidCarException(
          "CAR header at byte " + at + " must be a map, not " + value.kind().label());
    }
    for (String key : map.entries().keySet()) {
      if (!key.equals("roots") && !key.equals("version")) {
        throw new InvalidCarException(
            "CAR header at byte " + at + " has unknown field '" + key + "'");
      }
    }
    Ipld version = map.field("version").orElse(null);
    if (!(version instanceof Ipld.Int v)) {
      throw new InvalidCarException("CAR header at byte " + at + " has no integer version");
    }
    if (v.value().equals(java.math.BigInteger.TWO)) {
      throw new InvalidCarException(
          "CAR header at byte "
              + at
              + " says version 2 but is not the CARv2 pragma (0a a1 67 76 65 72 73 69 6f 6e 02)");
    }
    if (!v.value().equals(java.math.BigInteger.ONE)) {
      throw new InvalidCarException(
          "CAR version "
              + v.value()
              + " is not supported (byte "
              + at
              + "); this reader knows versions 1 and 2");
    }
    Ipld roots = map.field("roots").orElse(null);
    if (!(roots instanceof Ipld.List list)) {
      throw new InvalidCarException("CARv1 header at byte " + at + " has no roots list");
    }
    List<Cid> out = new ArrayList<>(list.size());
    for (Ipld r : list.values()) {
      if (!(r instanceof Ipld.Link l)) {
        throw new InvalidCarException(
            "CAR header at byte " + at + ": a root is " + r.kind().label() + ", not a link");
      }
      out.add(l.cid());
    }
    return out;
  }
}
