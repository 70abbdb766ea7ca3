package io.cairn.storage.codec;

import io.cairn.storage.Cid;
import java.util.ArrayList;
import java.util.List;

/** Walks paths through data model values, with errors that say where a path stopped. */
final class IpldPath {
  private IpldPath() {}

  /** Where a walk stopped: the node reached and the index of the next unused segment. */
  record Step(Ipld node, int next) {}

  /** Splits {@code a/b/0} into segments, ignoring empty ones (leading, trailing, doubled). */
  static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    if (path == null) {
      return out;
    }
    for (String s : path.split("/", -1)) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * Walks {@code segments[from..]} from {@code node}, stopping early at a link when {@code block}
   * is not null (the caller follows it); without a block, a link in the middle of the path fails.
   *
   * @param prefix the path already walked, for messages ("" at a block's root)
   * @param block the block the walk is in, for messages; null for a value not in a block
   */
  static Step walk(Ipld node, List<String> segments, int from, String prefix, Cid block) {
    String at = prefix;
    for (int i = from; i < segments.size(); i++) {
      String seg = segments.get(i);
      switch (node) {
        case Ipld.Map m -> {
          var child = m.entries().get(seg);
          if (child == null) {
            throw new IllegalArgumentException(
                "no field '" + seg + "' in map at " + where(at, block));
          }
          node = child;
        }
        case Ipld.List l -> {
          int index = listIndex(seg);
          if (index < 0) {
            throw new IllegalArgumentException(
                "'" + seg + "' is not a list index, at " + where(at, block));
          }
          if (index >= l.size()) {
            throw new IllegalArgumentException(
                "index "
                    + index
                    + " is out of range for a list of "
                    + l.size()
                    + " at "
                    + where(at, block));
          }
          node = l.get(index);
        }
        case Ipld.Link link -> {
          if (block != null) {
            return new Step(node, i);
          }
          throw new IllegalArgumentException(
              "cannot walk into link "
                  + link.cid()
                  + " at "
                  + where(at, block)
                  + " without a block store");
        }
        default ->
            throw new IllegalArgumentException(
                "cannot walk into "
                    + node.kind().label()
                    + " at "
                    + where(at, block)
                    + " (no field '"
                    + seg
                    + "')");
      }
      at = at + "/" + seg;
    }
    return new Step(node, segments.size());
  }

  private static String where(String path, Cid block) {
    String p = path.isEmpty() ? "/" : path;
    return block == null ? p : p + " of " + block;
  }

  /** The index a segment names, or -1 when it is not a canonical non-negative decimal. */
  private static int listIndex(String seg) {
    if (seg.isEmpty() || seg.length() > 10 || (seg.length() > 1 && seg.charAt(0) == '0')) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < seg.length(); i++) {
      char c = seg.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v > Integer.MAX_VALUE ? -1 : (int) v;
  }

  static void collectLinks(Ipld node, List<Cid> out) {
    switch (node) {
      case Ipld.Link l -> out.add(l.cid());
      case Ipld.List l -> l.values().forEach(v -> collectLinks(v, out));
      case Ipld.Map m -> m.entries().values().forEach(v -> collectLinks(v, out));
      default -> {}
    }
  }
}
