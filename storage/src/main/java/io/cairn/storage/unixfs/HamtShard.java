package io.cairn.storage.unixfs;

import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.PbLink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Reads a HAMT-sharded UnixFS directory (UnixFS spec, "dag-pb HAMTDirectory").
 *
 * <p>Every link name starts with the bucket index in upper-case hex, padded to the width of {@code
 * fanout - 1}. A name that is only the prefix links to a sub-shard; a longer one is an entry whose
 * name follows the prefix. A name's bucket at depth {@code d} is the {@code d}-th group of {@code
 * log2(fanout)} bits of its murmur3-x64-64 hash, most significant first, as {@link Murmur3#hamtKey}
 * lays the hash out (what Kubo and the JS exporter read). Buckets are found from the link names;
 * the bitfield in Data is not needed to read.
 */
final class HamtShard {
  /** The UnixFS spec caps fanout at 1024 (CVE-2023-23625). */
  static final long MAX_FANOUT = 1024;

  private final NodeLoader loader;
  private final DecodedNode root;
  private final long fanout;
  private final int bits;
  private final int padLength;

  private HamtShard(NodeLoader loader, DecodedNode root, long fanout) {
    this.loader = loader;
    this.root = root;
    this.fanout = fanout;
    this.bits = Long.numberOfTrailingZeros(fanout);
    this.padLength = Long.toHexString(fanout - 1).length();
  }

  /** Reads a shard's parameters, failing with a {@link CodecException} if they are not valid. */
  static HamtShard of(NodeLoader loader, DecodedNode root) {
    long fanout = check(root, root.cid(), -1);
    return new HamtShard(loader, root, fanout);
  }

  /** Checks a shard node; {@code expectedFanout < 0} accepts any valid fanout. */
  private static long check(DecodedNode node, Cid hamtRoot, long expectedFanout) {
    UnixFsData u = node.unixfs();
    String where = node.cid().equals(hamtRoot) ? "" : " (in HAMT directory " + hamtRoot + ")";
    if (u == null || u.type() != UnixFsData.Type.HAMT_SHARD) {
      throw new CodecException(
          "HAMT sub-shard "
              + node.cid()
              + where
              + " is "
              + DecodedNode.describe(node.kind())
              + ", not a HAMT shard");
    }
    if (u.hashType() == null || u.hashType() != Murmur3.HAMT_HASH_CODE) {
      throw node.malformed(
          "uses HAMT hash function "
              + (u.hashType() == null ? "(none)" : "0x" + Long.toHexString(u.hashType()))
              + where
              + "; only murmur3-x64-64 (0x22) is supported");
    }
    Long fanout = u.fanout();
    if (fanout == null || fanout < 8 || fanout > MAX_FANOUT || Long.bitCount(fanout) != 1) {
      throw node.malformed(
          "has HAMT fanout "
              + (fanout == null ? "(none)" : Long.toUnsignedString(fanout))
              + where
              + "; it must be a power of two from 8 to "
              + MAX_FANOUT);
    }
    if (expectedFanout >= 0 && fanout != expectedFanout) {
      throw node.malformed(
          "has fanout " + fanout + " but its HAMT root " + hamtRoot + " has " + expectedFanout);
    }
    return fanout;
  }

  /** The entry link named {@code name} (its Name already stripped of the prefix), or null. */
  PbLink find(String name) {
    long key = Murmur3.hamtKey(name.getBytes(StandardCharsets.UTF_8));
    DecodedNode node = root;
    for (int depth = 0; ; depth++) {
      int index = bucket(key, depth, node);
      String prefix = prefix(index);
      PbLink subShard = null;
      for (PbLink link : node.links()) {
        String linkName = checkedName(node, link);
        if (!linkName.startsWith(prefix)) {
          continue;
        }
        if (linkName.length() == padLength) {
          subShard = link;
        } else if (linkName.regionMatches(padLength, name, 0, name.length())
            && linkName.length() - padLength == name.length()) {
          return new PbLink(link.cid(), name, link.tsize());
        }
      }
      if (subShard == null) {
        return null;
      }
      node = subShard(subShard);
    }
  }

  /** Every entry in link order, sub-shards expanded in place; names stripped of prefixes. */
  Iterator<PbLink> entries() {
    return new EntryIterator();
  }

  private int bucket(long key, int depth, DecodedNode node) {
    int consumed = depth * bits;
    if (consumed + bits > 64) {
      throw new CodecException(
          "HAMT directory "
              + root.cid()
              + " nests shards deeper than its 64-bit hash allows (at "
              + node.cid()
              + ")");
    }
    return (int) ((key << consumed) >>> (64 - bits));
  }

  private String prefix(int index) {
    String hex = Integer.toHexString(index).toUpperCase(Locale.ROOT);
    return "0".repeat(padLength - hex.length()) + hex;
  }

  /** Its fanout: the number of buckets of each of its nodes. */
  int fanout() {
    return (int) fanout;
  }

  /** The width of a link name's bucket prefix. */
  int padLength() {
    return padLength;
  }

  /** The root node's CID. */
  Cid rootCid() {
    return root.cid();
  }

  /** A link's name, checked to start with a valid bucket prefix. */
  String checkedName(DecodedNode node, PbLink link) {
    String n = link.nameOrEmpty();
    if (n.length() < padLength || !isPrefix(n)) {
      throw node.malformed(
          "has HAMT link "
              + GoQuote.quote(n)
              + " that does not start with a "
              + padLength
              + "-digit upper-case hex bucket index");
    }
    return n;
  }

  private boolean isPrefix(String n) {
    for (int i = 0; i < padLength; i++) {
      char c = n.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return Integer.parseInt(n, 0, padLength, 16) < fanout;
  }

  private DecodedNode subShard(PbLink link) {
    return subShard(link.cid());
  }

  /** The sub-shard {@code cid}, read and checked to be a shard of the root's fanout. */
  DecodedNode subShard(Cid cid) {
    if (cid.codec() != Multicodec.DAG_PB.code()) {
      throw new CodecException(
          "HAMT directory "
              + root.cid()
              + " links to sub-shard "
              + cid
              + " of codec "
              + Multicodec.nameOf(cid.codec()));
    }
    DecodedNode node = loader.load(cid);
    check(node, root.cid(), fanout);
    return node;
  }

  /**
   * Depth-first over shards, holding one path of shard nodes. Each sub-shard is walked once, as
   * Kubo's walk visits each CID once: a shard linked from many buckets (which a valid HAMT never
   * does) would otherwise multiply at every level, to 256^7 paths through eight blocks.
   */
  private final class EntryIterator implements Iterator<PbLink> {
    private final Deque<Level> stack = new ArrayDeque<>();
    private final Set<Cid> walked = new HashSet<>();
    private PbLink next;

    private record Level(DecodedNode node, List<PbLink> links, int[] index) {}

    EntryIterator() {
      stack.push(new Level(root, root.links(), new int[1]));
    }

    @Override
    public boolean hasNext() {
      while (next == null && !stack.isEmpty()) {
        Level top = stack.peek();
        if (top.index[0] == top.links.size()) {
          stack.pop();
          continue;
        }
        PbLink link = top.links.get(top.index[0]++);
        String n = checkedName(top.node, link);
        if (n.length() == padLength) {
          if ((stack.size() + 1) * bits > 64) {
            throw new CodecException(
                "HAMT directory "
                    + root.cid()
                    + " nests shards deeper than its 64-bit hash allows (at "
                    + link.cid()
                    + ")");
          }
          if (!walked.add(link.cid())) {
            continue;
          }
          DecodedNode child = subShard(link);
          stack.push(new Level(child, child.links(), new int[1]));
        } else {
          next = new PbLink(link.cid(), n.substring(padLength), link.tsize());
        }
      }
      return next != null;
    }

    @Override
    public PbLink next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      PbLink out = next;
      next = null;
      return out;
    }
  }
}
