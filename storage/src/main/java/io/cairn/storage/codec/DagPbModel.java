package io.cairn.storage.codec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DAG-PB nodes as data model values, in the form the IPLD DAG-PB spec gives them and Kubo's {@code
 * dag get} prints: {@code {"Data": bytes, "Links": [{"Hash": link, "Name": string, "Tsize":
 * int}]}}, with absent optional fields left out. The inverse follows the spec's schema: {@code
 * Links} is required, every other field optional, and no other field is allowed.
 */
final class DagPbModel {
  private static final Set<String> NODE_FIELDS = Set.of("Data", "Links");
  private static final Set<String> LINK_FIELDS = Set.of("Hash", "Name", "Tsize");

  private DagPbModel() {}

  static Ipld toIpld(PbNode node) {
    Map<String, Ipld> out = new LinkedHashMap<>();
    if (node.data() != null) {
      out.put("Data", new Ipld.Bytes(node.data()));
    }
    List<Ipld> links = new ArrayList<>(node.links().size());
    for (PbLink l : node.links()) {
      Map<String, Ipld> link = new LinkedHashMap<>();
      link.put("Hash", new Ipld.Link(l.cid()));
      if (l.name() != null) {
        link.put("Name", new Ipld.Str(l.name()));
      }
      if (l.tsize() != null) {
        link.put("Tsize", Ipld.of(l.tsize()));
      }
      links.add(new Ipld.Map(link));
    }
    out.put("Links", new Ipld.List(links));
    return new Ipld.Map(out);
  }

  /**
   * The DAG-PB node a data model value describes.
   *
   * @throws CodecException naming the field that does not fit the DAG-PB schema
   */
  static PbNode fromIpld(Ipld value) {
    if (!(value instanceof Ipld.Map m)) {
      throw new CodecException("dag-pb: a node must be a map, not " + value.kind().label());
    }
    onlyFields(m, NODE_FIELDS, "node");
    byte[] data = null;
    Ipld d = m.entries().get("Data");
    if (d != null) {
      if (!(d instanceof Ipld.Bytes bytes)) {
        throw new CodecException("dag-pb: Data must be bytes, not " + d.kind().label());
      }
      data = bytes.value();
    }
    Ipld links = m.entries().get("Links");
    if (links == null) {
      throw new CodecException("dag-pb: a node must have a Links list (it may be empty)");
    }
    if (!(links instanceof Ipld.List list)) {
      throw new CodecException("dag-pb: Links must be a list, not " + links.kind().label());
    }
    List<PbLink> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      out.add(link(list.get(i), i));
    }
    return new PbNode(out, data);
  }

  private static PbLink link(Ipld value, int i) {
    String where = "Links/" + i;
    if (!(value instanceof Ipld.Map m)) {
      throw new CodecException("dag-pb: " + where + " must be a map, not " + value.kind().label());
    }
    onlyFields(m, LINK_FIELDS, where);
    Ipld hash = m.entries().get("Hash");
    if (!(hash instanceof Ipld.Link link)) {
      throw new CodecException(
          "dag-pb: "
              + where
              + " needs a Hash that is a link"
              + (hash == null ? "" : ", not " + hash.kind().label()));
    }
    String name = null;
    Ipld n = m.entries().get("Name");
    if (n != null) {
      if (!(n instanceof Ipld.Str s)) {
        throw new CodecException(
            "dag-pb: " + where + "/Name must be a string, not " + n.kind().label());
      }
      name = s.value();
    }
    Long tsize = null;
    Ipld t = m.entries().get("Tsize");
    if (t != null) {
      if (!(t instanceof Ipld.Int size) || size.value().signum() < 0 || !size.fitsLong()) {
        throw new CodecException(
            "dag-pb: " + where + "/Tsize must be an integer in [0, 2^63-1], not " + describe(t));
      }
      tsize = size.longValue();
    }
    return new PbLink(link.cid(), name, tsize);
  }

  private static void onlyFields(Ipld.Map m, Set<String> allowed, String where) {
    for (String k : m.entries().keySet()) {
      if (!allowed.contains(k)) {
        throw new CodecException(
            "dag-pb: " + where + " has field '" + k + "'; allowed: " + String.join(", ", allowed));
      }
    }
  }

  private static String describe(Ipld v) {
    return v instanceof Ipld.Int i ? i.value().toString() : v.kind().label();
  }
}
