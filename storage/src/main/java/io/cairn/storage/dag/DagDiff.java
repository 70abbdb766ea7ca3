package io.cairn.storage.dag;

import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.codec.PbNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The changes between two dag-pb DAGs by link name, as boxo's {@code dagutils.Diff} behind Kubo's
 * {@code object diff}: links of the same name whose CIDs differ are compared below, links only in
 * the first are removed, links only in the second added. Two nodes that are not both dag-pb, or
 * have no links, differ as a whole (one change with an empty path). Only the blocks of differing
 * links are read.
 */
public final class DagDiff {
  private DagDiff() {}

  /** What happened at a path; Kubo's numbers on the wire. */
  public enum Type {
    ADD,
    REMOVE,
    MOD;

    /** Kubo's {@code dagutils.ChangeType}: 0, 1, 2. */
    public int wire() {
      return ordinal();
    }
  }

  /**
   * One change.
   *
   * @param path names joined by '/' and cleaned as Go's {@code path.Join}; empty for the roots
   * @param before null for an added link
   * @param after null for a removed link
   */
  public record Change(Type type, String path, Cid before, Cid after) {}

  /** The changes that turn {@code a} into {@code b}, in Kubo's order. */
  public static List<Change> diff(BlockStore blocks, Cid a, Cid b) {
    List<Change> out = new ArrayList<>();
    if (a.equals(b)) {
      return out;
    }
    if (!a.isCodec(Multicodec.DAG_PB) || !b.isCodec(Multicodec.DAG_PB)) {
      out.add(new Change(Type.MOD, "", a, b));
      return out;
    }
    PbNode nodeA = DagPb.decode(blocks.require(a));
    PbNode nodeB = DagPb.decode(blocks.require(b));
    if (nodeA.links().isEmpty() && nodeB.links().isEmpty()) {
      out.add(new Change(Type.MOD, "", a, b));
      return out;
    }
    List<PbLink> onlyA = new ArrayList<>(nodeA.links());
    List<PbLink> onlyB = new ArrayList<>(nodeB.links());
    for (PbLink linkA : nodeA.links()) {
      String name = linkA.nameOrEmpty();
      PbLink linkB = first(nodeB, name);
      if (linkB == null) {
        continue;
      }
      onlyA.removeIf(l -> l.nameOrEmpty().equals(name));
      onlyB.removeIf(l -> l.nameOrEmpty().equals(name));
      if (linkA.cid().equals(linkB.cid())) {
        continue;
      }
      for (Change c : diff(blocks, linkA.cid(), linkB.cid())) {
        out.add(new Change(c.type(), join(name, c.path()), c.before(), c.after()));
      }
    }
    for (PbLink l : onlyA) {
      out.add(new Change(Type.REMOVE, l.nameOrEmpty(), l.cid(), null));
    }
    for (PbLink l : onlyB) {
      out.add(new Change(Type.ADD, l.nameOrEmpty(), null, l.cid()));
    }
    return out;
  }

  private static PbLink first(PbNode node, String name) {
    for (PbLink l : node.links()) {
      if (l.nameOrEmpty().equals(name)) {
        return l;
      }
    }
    return null;
  }

  /**
   * Go's {@code path.Join(a, b)}: the non-empty parts joined by '/' and cleaned (no empty, "." or
   * resolvable ".." names; a leading '/' kept), or "" when both are empty.
   */
  static String join(String a, String b) {
    String joined = a.isEmpty() ? b : b.isEmpty() ? a : a + "/" + b;
    if (joined.isEmpty()) {
      return "";
    }
    boolean rooted = joined.startsWith("/");
    List<String> names = new ArrayList<>();
    for (String n : joined.split("/")) {
      if (n.isEmpty() || n.equals(".")) {
        continue;
      }
      if (n.equals("..") && !names.isEmpty() && !names.get(names.size() - 1).equals("..")) {
        names.remove(names.size() - 1);
      } else if (!(n.equals("..") && rooted)) {
        names.add(n);
      }
    }
    String cleaned = (rooted ? "/" : "") + String.join("/", names);
    return cleaned.isEmpty() ? "." : cleaned;
  }
}
