package io.cairn.storage.codec;

import io.cairn.storage.Cid;
import io.cairn.storage.InvalidCidException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The DAG-PB codec as the IPLD spec defines it. Encoding is canonical: links sorted by name bytes
 * (stably, so unnamed file links keep their order), links before data, link fields in the order
 * Hash, Name, Tsize. Decoding is strict: it rejects unknown fields, wrong wire types, fields out of
 * order or repeated, and links without a hash.
 */
public final class DagPb {
  private static final Comparator<PbLink> BY_NAME_BYTES =
      (a, b) ->
          Arrays.compareUnsigned(
              a.nameOrEmpty().getBytes(StandardCharsets.UTF_8),
              b.nameOrEmpty().getBytes(StandardCharsets.UTF_8));

  private DagPb() {}

  public static byte[] encode(PbNode node) {
    List<PbLink> links = node.links();
    if (!isSorted(links)) {
      links = new ArrayList<>(links);
      links.sort(BY_NAME_BYTES);
    }
    int estimate = (node.data() == null ? 0 : node.data().length + 8) + links.size() * 64;
    Protobuf.Writer w = new Protobuf.Writer(estimate);
    for (PbLink link : links) {
      w.bytes(2, encodeLink(link));
    }
    if (node.data() != null) {
      w.bytes(1, node.data());
    }
    return w.toByteArray();
  }

  private static boolean isSorted(List<PbLink> links) {
    for (int i = 1; i < links.size(); i++) {
      if (BY_NAME_BYTES.compare(links.get(i - 1), links.get(i)) > 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] encodeLink(PbLink link) {
    Protobuf.Writer w = new Protobuf.Writer(link.cid().encodedLength() + 32);
    w.bytes(1, link.cid().bytes());
    if (link.name() != null) {
      w.string(2, link.name());
    }
    if (link.tsize() != null) {
      w.varint(3, link.tsize());
    }
    return w.toByteArray();
  }

  /**
   * Decodes a DAG-PB block strictly.
   *
   * @throws CodecException naming the fault
   */
  public static PbNode decode(byte[] bytes) {
    return decode(bytes, true);
  }

  /**
   * The links of a DAG-PB block, checked as strictly as {@link #decode} checks them, without
   * copying its Data (a file's leaf carries up to a chunk of it).
   *
   * @throws CodecException naming the fault
   */
  public static List<PbLink> links(byte[] bytes) {
    return decode(bytes, false).links();
  }

  private static PbNode decode(byte[] bytes, boolean keepData) {
    Protobuf.Reader r = new Protobuf.Reader(bytes, "dag-pb node");
    List<PbLink> links = new ArrayList<>();
    boolean hasData = false;
    byte[] data = null;
    while (r.next()) {
      if (hasData) {
        throw r.malformed("field " + r.field() + " after Data; Data must be last and appear once");
      }
      switch (r.field()) {
        case 2 -> {
          r.expect(Protobuf.LENGTH_DELIMITED, "Links");
          links.add(decodeLink(r.message("dag-pb link " + links.size())));
        }
        case 1 -> {
          r.expect(Protobuf.LENGTH_DELIMITED, "Data");
          hasData = true;
          if (keepData) {
            data = r.bytes();
          } else {
            r.skip();
          }
        }
        default -> throw r.malformed("unknown field " + r.field());
      }
    }
    return new PbNode(links, data);
  }

  private static PbLink decodeLink(Protobuf.Reader r) {
    Cid cid = null;
    String name = null;
    Long tsize = null;
    int last = 0;
    while (r.next()) {
      int f = r.field();
      if (f <= last) {
        throw r.malformed("field " + f + " repeated or out of order (Hash, Name, Tsize)");
      }
      last = f;
      switch (f) {
        case 1 -> {
          r.expect(Protobuf.LENGTH_DELIMITED, "Hash");
          byte[] raw = r.bytes();
          try {
            cid = Cid.decode(raw);
          } catch (InvalidCidException e) {
            throw r.malformed("Hash is not a valid CID: " + e.getMessage());
          }
        }
        case 2 -> {
          r.expect(Protobuf.LENGTH_DELIMITED, "Name");
          name = r.string();
        }
        case 3 -> {
          r.expect(Protobuf.VARINT, "Tsize");
          long v = r.varint();
          if (v < 0) {
            throw r.malformed("Tsize " + Long.toUnsignedString(v) + " is too large");
          }
          tsize = v;
        }
        default -> throw r.malformed("unknown field " + f);
      }
    }
    if (cid == null) {
      throw r.malformed("link has no Hash");
    }
    return new PbLink(cid, name, tsize);
  }
}
