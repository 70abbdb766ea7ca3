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
 * One MFS directory read into memory to be changed: its entries by name, its CID format and its own
 * mode and mtime. Writing it makes a flat dag-pb directory or a HAMT shard, switching as boxo's
 * {@code DynamicDirectory} does while entries come and go: a flat directory becomes a shard when a
 * change takes its estimated size over the threshold, a shard becomes flat again when a change that
 * shrinks it leaves it at or under the threshold. A shard is written whole from its entries, which
 * gives boxo's layout since boxo's shards are canonical (collapsed as entries leave).
 */
final class MfsDirectory {
  /** An entry: the child's CID and its cumulative DAG size (the link's Tsize). */
  record Entry(Cid cid, long tsize) {}

  /** A written directory: its CID and cumulative size, for its parent's link. */
  record Written(Cid cid, long tsize) {}

  private final Map<String, Entry> entries;
  private CidPrefix prefix;
  private Integer mode;
  private Instant mtime;
  private final boolean wasShard;
  private final int fanout;
  private long sizeChange;

  private MfsDirectory(
      Map<String, Entry> entries,
      CidPrefix prefix,
      Integer mode,
      Instant mtime,
      boolean wasShard,
      int fanout) {
    this.entries = entries;
    this.prefix = prefix;
    this.mode = mode;
    this.mtime = mtime;
    this.wasShard = wasShard;
    this.fanout = fanout;
  }

  /** A new empty directory. */
  static MfsDirectory empty(CidPrefix prefix, int fanout) {
    return new MfsDirectory(new LinkedHashMap<>(), prefix, null, null, false, fanout);
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
    PbNode node = DagPb.decode(blocks.require(cid));
    UnixFsData data;
    try {
      data = UnixFsData.decode(node.data() == null ? new byte[0] : node.data());
    } catch (IllegalArgumentException e) {
      throw notDirectory(path);
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    if (data.type() == UnixFsData.Type.DIRECTORY) {
      for (PbLink link : node.links()) {
        entries.put(
            link.nameOrEmpty(), new Entry(link.cid(), link.tsize() == null ? 0 : link.tsize()));
      }
      return new MfsDirectory(
          entries, prefixOf(cid), data.mode(), data.mtime(), false, defaultFanout);
    }
    if (data.type() == UnixFsData.Type.HAMT_SHARD) {
      new UnixFsExporter(blocks)
          .listInDagOrder(cid, false)
          .forEach(e -> entries.put(e.name(), new Entry(e.cid(), e.tsize())));
      int fanout = data.fanout() == null ? defaultFanout : data.fanout().intValue();
      return new MfsDirectory(entries, prefixOf(cid), data.mode(), data.mtime(), true, fanout);
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
    return entries.get(name);
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Names in the order the directory holds them. */
  List<String> names() {
    return new ArrayList<>(entries.keySet());
  }

  /** Adds or replaces an entry. */
  void put(String name, Entry entry, ImportOptions.ShardStrategy strategy) {
    Entry old = entries.put(name, entry);
    if (old != null) {
      sizeChange -= linkEstimate(strategy, name, old);
    }
    sizeChange += linkEstimate(strategy, name, entry);
  }

  /** Removes an entry; false when there was none. */
  boolean remove(String name, ImportOptions.ShardStrategy strategy) {
    Entry old = entries.remove(name);
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

  /** Writes the directory (and its shard nodes) and returns its link. */
  Written write(BlockBatcher out, ImportOptions settings) {
    NodeWriter writer = new NodeWriter(out, prefix.version(), prefix.hash(), -1);
    byte[] data = UnixFsData.directory().withMetadata(mode, mtime).encode();
    ImportOptions.ShardStrategy strategy = settings.shardStrategy();
    long threshold = settings.shardThresholdBytes();
    boolean shard;
    if (threshold <= 0) {
      shard = wasShard; // sharding off: boxo switches neither way
    } else {
      long estimate = DirectoryBuilder.dataEstimate(strategy, data);
      for (Map.Entry<String, Entry> e : entries.entrySet()) {
        estimate += linkEstimate(strategy, e.getKey(), e.getValue());
      }
      shard = wasShard ? !(sizeChange < 0 && estimate <= threshold) : estimate > threshold;
    }
    if (shard) {
      List<HamtShardBuilder.Entry> list = new ArrayList<>(entries.size());
      for (Map.Entry<String, Entry> e : entries.entrySet()) {
        byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
        list.add(
            new HamtShardBuilder.Entry(
                e.getKey(), HamtShardBuilder.key(name), e.getValue().cid(), e.getValue().tsize()));
      }
      FileDagBuilder.Link link =
          new HamtShardBuilder(fanout, writer)
              .build(list, new FileDagBuilder.Metadata(mode, mtime));
      return new Written(link.cid(), link.tsize());
    }
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
