package io.cairn.storage.unixfs;

import io.cairn.storage.Cid;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.codec.PbNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes a directory as a UnixFS HAMT shard the way boxo's {@code hamt.Shard} lays one out after
 * inserting every entry: each name goes to the slot its murmur3 key's next {@code log2(fanout)}
 * bits pick; a slot with one entry links it as {@code HEX(slot) + name}, a slot with several links
 * a sub-shard as {@code HEX(slot)}. The slot bitfield is big-endian (slot 0 is the lowest bit of
 * the last byte) without leading zero bytes. Only the root shard carries mode and mtime.
 */
final class HamtShardBuilder {
  /**
   * A directory entry to place: its name, CID and DAG size, and its key: the bits boxo reads slots
   * from, most significant first (see {@link #key}).
   */
  record Entry(String name, long key, Cid cid, long tsize) {}

  /**
   * The HAMT key of a name: its bits, from the most significant down, are the bits boxo reads slot
   * numbers from (see {@link Murmur3#hamtKey}).
   */
  static long key(byte[] nameBytes) {
    return Murmur3.hamtKey(nameBytes);
  }

  private final int fanout;
  private final int bits;
  private final String slotFormat;
  private final NodeWriter writer;

  HamtShardBuilder(int fanout, NodeWriter writer) {
    this.fanout = fanout;
    this.bits = Integer.numberOfTrailingZeros(fanout);
    this.slotFormat = "%0" + Integer.toHexString(fanout - 1).length() + "X";
    this.writer = writer;
  }

  /** Writes the shard tree over {@code entries} and returns the root's link. */
  FileDagBuilder.Link build(List<Entry> entries, FileDagBuilder.Metadata rootMetadata) {
    return build(entries, 0, rootMetadata);
  }

  private FileDagBuilder.Link build(
      List<Entry> entries, int depth, FileDagBuilder.Metadata metadata) {
    int consumed = depth * bits;
    if (consumed + bits > Long.SIZE) {
      throw new IllegalArgumentException(
          "sharded directory too deep: names "
              + entries.stream().map(Entry::name).toList()
              + " share their whole 64-bit HAMT key");
    }
    TreeMap<Integer, List<Entry>> slots = new TreeMap<>();
    for (Entry e : entries) {
      int slot = (int) ((e.key() << consumed) >>> (Long.SIZE - bits));
      slots.computeIfAbsent(slot, s -> new ArrayList<>(1)).add(e);
    }
    TreeMap<Integer, PbLink> links = new TreeMap<>();
    for (var slot : slots.entrySet()) {
      List<Entry> group = slot.getValue();
      if (group.size() == 1) {
        Entry e = group.get(0);
        links.put(slot.getKey(), new PbLink(e.cid(), e.name(), e.tsize()));
      } else {
        FileDagBuilder.Link sub = build(group, depth + 1, FileDagBuilder.Metadata.NONE);
        links.put(slot.getKey(), new PbLink(sub.cid(), "", sub.tsize()));
      }
    }
    return writeNode(links, metadata);
  }

  /**
   * Writes one shard node and returns its link.
   *
   * @param slots each used slot's link, named as the entry (or "" for a sub-shard), without the
   *     slot's hex prefix, which this adds
   */
  FileDagBuilder.Link writeNode(
      SortedMap<Integer, PbLink> slots, FileDagBuilder.Metadata metadata) {
    byte[] bitfield = new byte[fanout / 8];
    List<PbLink> links = new ArrayList<>(slots.size());
    long childrenSize = 0;
    for (var slot : slots.entrySet()) {
      int index = slot.getKey();
      bitfield[bitfield.length - 1 - index / 8] |= (byte) (1 << (index % 8));
      PbLink link = slot.getValue();
      String prefix = String.format(Locale.ROOT, slotFormat, index);
      links.add(new PbLink(link.cid(), prefix + link.nameOrEmpty(), link.tsizeOrZero()));
      childrenSize += link.tsizeOrZero();
    }
    UnixFsData data =
        new UnixFsData(
            UnixFsData.Type.HAMT_SHARD,
            trimLeadingZeros(bitfield),
            null,
            List.of(),
            Murmur3.HAMT_HASH_CODE,
            (long) fanout,
            metadata.mode(),
            metadata.mtime());
    byte[] block = DagPb.encode(new PbNode(links, data.encode()));
    return new FileDagBuilder.Link(writer.dagPb(block), block.length + childrenSize, 0);
  }

  /** The bitfield as go-bitfield's {@code Bytes()} gives it: without its leading zero bytes. */
  private static byte[] trimLeadingZeros(byte[] bitfield) {
    int i = 0;
    while (i < bitfield.length && bitfield[i] == 0) {
      i++;
    }
    return Arrays.copyOfRange(bitfield, i, bitfield.length);
  }
}
