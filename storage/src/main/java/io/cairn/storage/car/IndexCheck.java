package io.cairn.storage.car;

import io.cairn.storage.Cid;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Checks that a CARv2 index agrees with the payload: every entry points at the start of a section
 * with that digest (and hash function, for MultihashIndexSorted), no entry is listed twice, and
 * every section is listed, except identity CIDs unless the file is fully indexed (the CARv2 spec
 * leaves them out by default; an index that lists them anyway is accepted).
 */
final class IndexCheck {
  private record Section(long number, Cid cid, boolean[] seen) {}

  private final CarV2Header header;
  private final Map<Long, Section> byOffset = new HashMap<>();

  IndexCheck(CarV2Header header) {
    this.header = header;
  }

  void section(long number, Cid cid, long offset) {
    byOffset.put(offset, new Section(number, cid, new boolean[1]));
  }

  void verify(CarIndex index) {
    String prefix = "CARv2 index at byte " + header.indexOffset() + " disagrees with the payload: ";
    for (CarIndex.Entry e : index.entries()) {
      Section s = byOffset.get(e.offset());
      if (s == null) {
        throw new InvalidCarException(
            prefix
                + "entry "
                + e
                + " points at payload offset "
                + e.offset()
                + ", where no block starts");
      }
      if (!e.digestEquals(s.cid().multihash().digest())
          || (e.multihashCode() >= 0 && e.multihashCode() != s.cid().multihash().code())) {
        throw new InvalidCarException(
            prefix
                + "entry "
                + HexFormat.of().formatHex(e.digest())
                + " at payload offset "
                + e.offset()
                + " does not match block "
                + s.number()
                + " there ("
                + s.cid()
                + ")");
      }
      if (s.seen()[0]) {
        throw new InvalidCarException(
            prefix + "block " + s.number() + " (" + s.cid() + ") is listed twice");
      }
      s.seen()[0] = true;
    }
    for (var entry : byOffset.entrySet()) {
      Section s = entry.getValue();
      boolean required = header.fullyIndexed() || !s.cid().isIdentity();
      if (required && !s.seen()[0]) {
        throw new InvalidCarException(
            prefix
                + "block "
                + s.number()
                + " ("
                + s.cid()
                + ") at payload offset "
                + entry.getKey()
                + " is missing from the index");
      }
    }
  }
}
