package io.cairn.storage.unixfs;

import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.codec.PbNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One MFS directory read to be changed: its entries, its CID format and its own mode and mtime. A
 * flat directory is read whole; a HAMT shard through a {@link HamtShardEditor}, which reads only
 * the shard nodes on the way to the names a change looks up, adds or removes, and writes anew only
 * the nodes it changed (boxo's {@code HAMTDirectory}), so a change to a shard of millions of
 * entries neither reads nor holds them all. Writing it makes a flat dag-pb directory or a HAMT
 * shard, switching as boxo's {@code DynamicDirectory} does while entries come and go: a flat
 * directory becomes a shard when a change takes its estimated size over the threshold, a shard
 * becomes flat again when a change that shrinks it leaves it at or under the threshold. That check
 * reads the shard's entries only until their estimate passes the threshold (boxo's {@code
 * sizeBelowThreshold}); only a shard that does become flat is read whole. Since boxo's shards are
 * canonical (collapsed as entries leave), the shard written is the one built whole from its entries
 * would be.
 */
final class MfsDirectory {
  /** An entry: the child's CID and its cumulative DAG size (the link's Tsize). */
  record Entry(Cid cid, long tsize) {}

  /** A written directory: its CID and cumulative size, for its parent's link. */
  record Written(Cid cid, long tsize) {}

  private final Map<String, Entry> entries; // a flat directory's; null for a shard
  private final HamtShardEditor shard; // a shard's; null for a flat directory
  private final CidPrefix loadedPrefix;
  private CidPrefix prefix;
  private Integer mode;
  private Instant mtime;
  private final int fanout;
  private long sizeChange;

  private MfsDirectory(
      Map<String, Entry> entries,
      HamtShardEditor shard,
      CidPrefix prefix,
      Integer mode,
      Instant mtime,
      int fanout) {
    this.entries = entries;
    this.shard = shard;
    this.loadedPrefix = prefix;
    this.prefix = prefix;
    this.mode = mode;
    this.mtime = mtime;
    this.fanout = fanout;
  }

  /** A new empty directory. */
  static MfsDirectory empty(CidPrefix prefix, int fanout) {
    return new MfsDirectory(new LinkedHashMap<>(), null, prefix, null, null, fanout);
  }

  /** The CID format of an existing node: its CID's version and hash function. */
  static CidPrefix prefixOf(Cid cid) {
    try {
      return CidPrefix.of(cid);
    } catch (IllegalArgumentException e) {
      throw new MfsException(e.getMessage());
    }
  }

  /**
   * Reads the directory {@code cid}.
   *
   * @param defaultFanout the fanout the directory gets if it becomes a shard
   * @throws MfsException when {@code cid} is not a UnixFS directory
   */
  static MfsDirectory load(BlockStore blocks, Cid cid, String path, int defaultFanout) {
    if (!cid.isCodec(Multicodec.DAG_PB)) {
      throw notDirectory(path);
    }
    NodeLoader loader = new NodeLoader(blocks);
    byte[] bytes = loader.fetch(cid);
    PbNode pb = DagPb.decode(bytes);
    UnixFsData data;
    try {
      data = UnixFsData.decode(pb.data() == null ? new byte[0] : pb.data());
    } catch (IllegalArgumentException e) {
      throw notDirectory(path);
    }
    DecodedNode node = new DecodedNode(cid, bytes, pb, data);
    if (data.type() == UnixFsData.Type.DIRECTORY) {
      Map<String, Entry> entries = new LinkedHashMap<>();
      for (PbLink link : node.links()) {
        entries.put(link.nameOrEmpty(), new Entry(link.cid(), link.tsizeOrZero()));
      }
      return new MfsDirectory(
          entries, null, prefixOf(cid), data.mode(), data.mtime(), defaultFanout);
    }
    if (data.type() == UnixFsData.Type.HAMT_SHARD) {
      HamtShard read = HamtShard.of(loader, node);
      return new MfsDirectory(
          null,
          new HamtShardEditor(read, node),
          prefixOf(cid),
          data.mode(),
          data.mtime(),
          read.fanout());
    }
    throw notDirectory(path);
  }

  /**
   * The entry {@code name} of the directory {@code cid}, or null. Unlike {@link #load} it reads
   * only the blocks on the way to the name: a shard's path to its bucket, not every sub-shard, so a
   * lookup in a directory of a million entries costs a few blocks. A name held twice in a flat
   * directory gives the last, as {@link #load} does.
   *
   * @throws MfsException when {@code cid} is not a UnixFS directory
   */
  static Entry find(BlockStore blocks, Cid cid, String name, String path) {
    if (!cid.isCodec(Multicodec.DAG_PB)) {
      throw notDirectory(path);
    }
    NodeLoader loader = new NodeLoader(blocks);
    DecodedNode node = loader.load(cid);
    UnixFsData data = node.unixfs();
    if (data != null && data.type() == UnixFsData.Type.DIRECTORY) {
      Entry found = null;
      for (PbLink link : node.links()) {
        if (name.equals(link.nameOrEmpty())) {
          found = new Entry(link.cid(), link.tsize() == null ? 0 : link.tsize());
        }
      }
      return found;
    }
    if (data != null && data.type() == UnixFsData.Type.HAMT_SHARD) {
      PbLink link = HamtShard.of(loader, node).find(name);
      return link == null ? null : new Entry(link.cid(), link.tsize() == null ? 0 : link.tsize());
    }
    throw notDirectory(path);
  }

  static MfsException notDirectory(String path) {
    return new MfsException(path + " is not a directory");
  }

  Entry get(String name) {
    if (shard == null) {
      return entries.get(name);
    }
    HamtShardEditor.Leaf leaf = shard.find(name);
    return leaf == null ? null : new Entry(leaf.cid(), leaf.tsize());
  }

  /** Adds or replaces an entry. */
  void put(String name, Entry entry, ImportOptions.ShardStrategy strategy) {
    Entry old;
    if (shard == null) {
      old = entries.put(name, entry);
    } else {
      old = get(name);
      shard.put(name, entry.cid(), entry.tsize());
    }
    if (old != null) {
      sizeChange -= linkEstimate(strategy, name, old);
    }
    sizeChange += linkEstimate(strategy, name, entry);
  }

  /** Removes an entry; false when there was none. */
  boolean remove(String name, ImportOptions.ShardStrategy strategy) {
    Entry old;
    if (shard == null) {
      old = entries.remove(name);
    } else {
      HamtShardEditor.Leaf leaf = shard.remove(name);
      old = leaf == null ? null : new Entry(leaf.cid(), leaf.tsize());
    }
    if (old == null) {
      return false;
    }
    sizeChange -= linkEstimate(strategy, name, old);
    return true;
  }

  void setPrefix(CidPrefix p) {
    this.prefix = p;
  }

  CidPrefix prefix() {
    return prefix;
  }

  void setMode(Integer m) {
    this.mode = m;
  }

  void setMtime(Instant t) {
    this.mtime = t;
  }

  /** Writes the directory (and its changed shard nodes) and returns its link. */
  Written write(BlockBatcher out, ImportOptions settings) {
    NodeWriter writer = new NodeWriter(out, prefix.version(), prefix.hash(), -1);
    byte[] data = UnixFsData.directory().withMetadata(mode, mtime).encode();
    ImportOptions.ShardStrategy strategy = settings.shardStrategy();
    long threshold = settings.shardThresholdBytes();
    FileDagBuilder.Metadata metadata = new FileDagBuilder.Metadata(mode, mtime);
    if (shard != null) {
      // sharding off (threshold 0): boxo switches neither way
      if (threshold <= 0 || sizeChange >= 0 || !atMost(threshold, strategy, data)) {
        FileDagBuilder.Link link =
            shard.write(
                new HamtShardBuilder(fanout, writer), metadata, !prefix.equals(loadedPrefix));
        return new Written(link.cid(), link.tsize());
      }
      Map<String, Entry> all = new LinkedHashMap<>();
      shard.forEachWhile(
          leaf -> {
            all.put(leaf.name(), new Entry(leaf.cid(), leaf.tsize()));
            return true;
          });
      return writeFlat(all, data, writer);
    }
    long estimate = DirectoryBuilder.dataEstimate(strategy, data);
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      estimate += linkEstimate(strategy, e.getKey(), e.getValue());
    }
    if (threshold <= 0 || estimate <= threshold) {
      return writeFlat(entries, data, writer);
    }
    List<HamtShardBuilder.Entry> list = new ArrayList<>(entries.size());
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
      list.add(
          new HamtShardBuilder.Entry(
              e.getKey(), HamtShardBuilder.key(name), e.getValue().cid(), e.getValue().tsize()));
    }
    FileDagBuilder.Link link = new HamtShardBuilder(fanout, writer).build(list, metadata);
    return new Written(link.cid(), link.tsize());
  }

  /**
   * Whether the shard as changed would be at or under {@code threshold} as a flat directory with
   * {@code data}: its entries are read only until their estimate passes it.
   */
  private boolean atMost(long threshold, ImportOptions.ShardStrategy strategy, byte[] data) {
    long[] estimate = {DirectoryBuilder.dataEstimate(strategy, data)};
    return shard.forEachWhile(
        leaf -> {
          estimate[0] += linkEstimate(strategy, leaf.name(), new Entry(leaf.cid(), leaf.tsize()));
          return estimate[0] <= threshold;
        });
  }

  private static Written writeFlat(Map<String, Entry> entries, byte[] data, NodeWriter writer) {
    List<PbLink> links = new ArrayList<>(entries.size());
    long children = 0;
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      links.add(new PbLink(e.getValue().cid(), e.getKey(), e.getValue().tsize()));
      children += e.getValue().tsize();
    }
    byte[] block = DagPb.encode(new PbNode(links, data));
    return new Written(writer.dagPb(block), block.length + children);
  }

  private static long linkEstimate(ImportOptions.ShardStrategy strategy, String name, Entry e) {
    return DirectoryBuilder.linkEstimate(
        strategy, name.getBytes(StandardCharsets.UTF_8).length, e.cid().encodedLength(), e.tsize());
  }
}
