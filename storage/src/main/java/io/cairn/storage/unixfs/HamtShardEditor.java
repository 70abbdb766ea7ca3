package io.cairn.storage.unixfs;

import io.cairn.storage.Cid;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.PbLink;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A HAMT shard changed one name at a time, as boxo's {@code hamt.Shard} changes one: only the shard
 * nodes on the way from the root to a name's bucket are read, when first needed, and only those a
 * change touched are written anew; every other sub-shard stays the link it was. An add into a
 * bucket that holds another name forks the bucket into a sub-shard (deeper while their keys share
 * more bits); a removal that leaves a sub-shard with one entry and no sub-shard moves that entry up
 * into its parent's bucket (and so on up), so the result is the canonical shard {@link
 * HamtShardBuilder} writes from the same entries.
 */
final class HamtShardEditor {
  /** An entry in a bucket: its name (without the bucket prefix), CID and Tsize. */
  record Leaf(String name, Cid cid, long tsize) {}

  /** A bucket linking a sub-shard: the link as read (null CID for a new one) and, once read, it. */
  private static final class Sub {
    final Cid cid;
    final long tsize;
    Node node;

    Sub(Cid cid, long tsize, Node node) {
      this.cid = cid;
      this.tsize = tsize;
      this.node = node;
    }
  }

  /** A shard node: its used buckets, each a {@link Leaf} or a {@link Sub}. */
  private static final class Node {
    final TreeMap<Integer, Object> buckets = new TreeMap<>();
    boolean changed;
  }

  private final HamtShard shard;
  private final int bits;
  private final int padLength;
  private final Node root;

  HamtShardEditor(HamtShard shard, DecodedNode rootNode) {
    this.shard = shard;
    this.bits = Integer.numberOfTrailingZeros(shard.fanout());
    this.padLength = shard.padLength();
    this.root = read(rootNode);
  }

  /** The entry {@code name}, or null; reads the sub-shards on the way to its bucket. */
  Leaf find(String name) {
    long key = key(name);
    Node node = root;
    for (int depth = 0; ; depth++) {
      Object there = node.buckets.get(bucket(key, depth));
      if (there instanceof Sub sub) {
        node = load(sub);
      } else {
        return there instanceof Leaf leaf && leaf.name.equals(name) ? leaf : null;
      }
    }
  }

  /** Adds or replaces the entry {@code name}. */
  void put(String name, Cid cid, long tsize) {
    put(root, key(name), 0, new Leaf(name, cid, tsize));
  }

  private void put(Node node, long key, int depth, Leaf leaf) {
    int index = bucket(key, depth);
    Object there = node.buckets.get(index);
    node.changed = true;
    if (there instanceof Sub sub) {
      put(load(sub), key, depth + 1, leaf);
    } else if (there instanceof Leaf other && !other.name.equals(leaf.name)) {
      if ((depth + 2) * bits > Long.SIZE) {
        throw new IllegalArgumentException(
            "sharded directory too deep: names "
                + other.name
                + " and "
                + leaf.name
                + " share their whole 64-bit HAMT key");
      }
      Node fork = new Node();
      put(fork, key, depth + 1, leaf);
      put(fork, key(other.name), depth + 1, other);
      node.buckets.put(index, new Sub(null, 0, fork));
    } else {
      node.buckets.put(index, leaf);
    }
  }

  /** Removes the entry {@code name}; returns it, or null when there was none. */
  Leaf remove(String name) {
    return remove(root, key(name), 0, name);
  }

  private Leaf remove(Node node, long key, int depth, String name) {
    int index = bucket(key, depth);
    Object there = node.buckets.get(index);
    if (there instanceof Leaf leaf) {
      if (!leaf.name.equals(name)) {
        return null;
      }
      node.buckets.remove(index);
      node.changed = true;
      return leaf;
    }
    if (!(there instanceof Sub sub)) {
      return null;
    }
    Node child = load(sub);
    Leaf removed = remove(child, key, depth + 1, name);
    if (removed == null) {
      return null;
    }
    node.changed = true;
    if (child.buckets.isEmpty()) {
      node.buckets.remove(index);
    } else if (child.buckets.size() == 1
        && child.buckets.firstEntry().getValue() instanceof Leaf only) {
      node.buckets.put(index, only);
    }
    return removed;
  }

  /**
   * Writes the root and every changed sub-shard below it and returns the root's link.
   *
   * @param everything whether every sub-shard is written anew (a new CID format), each read and
   *     written in turn so that only one path of nodes is held at a time
   */
  FileDagBuilder.Link write(
      HamtShardBuilder out, FileDagBuilder.Metadata rootMetadata, boolean everything) {
    return write(root, out, rootMetadata, everything);
  }

  private FileDagBuilder.Link write(
      Node node, HamtShardBuilder out, FileDagBuilder.Metadata metadata, boolean everything) {
    TreeMap<Integer, PbLink> links = new TreeMap<>();
    for (Map.Entry<Integer, Object> b : node.buckets.entrySet()) {
      if (b.getValue() instanceof Leaf leaf) {
        links.put(b.getKey(), new PbLink(leaf.cid, leaf.name, leaf.tsize));
        continue;
      }
      Sub sub = (Sub) b.getValue();
      Node child = sub.node;
      if (child == null && everything) {
        child = read(shard.subShard(sub.cid)); // not kept: written and dropped
      }
      if (child != null && (child.changed || everything)) {
        FileDagBuilder.Link written = write(child, out, FileDagBuilder.Metadata.NONE, everything);
        links.put(b.getKey(), new PbLink(written.cid(), "", written.tsize()));
      } else {
        links.put(b.getKey(), new PbLink(sub.cid, "", sub.tsize));
      }
    }
    return out.writeNode(links, metadata);
  }

  /**
   * Offers the entries, as changed, in bucket order to {@code each} until it returns false; reads
   * the sub-shards not yet read as it goes, without keeping them.
   *
   * @return true when every entry was offered
   */
  boolean forEachWhile(Predicate<Leaf> each) {
    return forEachWhile(root, each, new HashSet<>(), 0);
  }

  private boolean forEachWhile(Node node, Predicate<Leaf> each, Set<Cid> walked, int depth) {
    for (Object there : node.buckets.values()) {
      if (there instanceof Leaf leaf) {
        if (!each.test(leaf)) {
          return false;
        }
        continue;
      }
      Sub sub = (Sub) there;
      if (sub.node == null && !walked.add(sub.cid)) {
        continue; // a sub-shard linked twice (never in a valid shard) is walked once, as Kubo does
      }
      if ((depth + 2) * bits > Long.SIZE) {
        throw tooDeep();
      }
      Node child = sub.node != null ? sub.node : read(shard.subShard(sub.cid));
      if (!forEachWhile(child, each, walked, depth + 1)) {
        return false;
      }
    }
    return true;
  }

  private Node load(Sub sub) {
    if (sub.node == null) {
      sub.node = read(shard.subShard(sub.cid));
    }
    return sub.node;
  }

  private Node read(DecodedNode node) {
    Node read = new Node();
    for (PbLink link : node.links()) {
      String name = shard.checkedName(node, link);
      int index = Integer.parseInt(name, 0, padLength, 16);
      Object bucket =
          name.length() == padLength
              ? new Sub(link.cid(), link.tsizeOrZero(), null)
              : new Leaf(name.substring(padLength), link.cid(), link.tsizeOrZero());
      if (read.buckets.put(index, bucket) != null) {
        throw node.malformed(
            "has two links in HAMT bucket " + GoQuote.quote(name.substring(0, padLength)));
      }
    }
    return read;
  }

  private int bucket(long key, int depth) {
    int consumed = depth * bits;
    if (consumed + bits > Long.SIZE) {
      throw tooDeep();
    }
    return (int) ((key << consumed) >>> (Long.SIZE - bits));
  }

  private CodecException tooDeep() {
    return new CodecException(
        "HAMT directory " + shard.rootCid() + " nests shards deeper than its 64-bit hash allows");
  }

  private static long key(String name) {
    return Murmur3.hamtKey(name.getBytes(StandardCharsets.UTF_8));
  }
}
