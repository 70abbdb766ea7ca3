package io.cairn.storage.unixfs;

import io.cairn.storage.Cid;
import io.cairn.storage.Varint;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.codec.PbNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A directory being imported: its entries as they arrive, written once the import of its top-level
 * entry ends. It becomes a flat dag-pb directory, or a HAMT shard when its estimated size is over
 * the threshold: Kubo decides on the final entries, as its directories switch while they grow and
 * an import only adds.
 */
final class DirectoryBuilder {
  /** What every directory of an import shares. */
  record Settings(
      ImportOptions.ShardStrategy strategy,
      long threshold,
      int fanout,
      boolean emptyDirs,
      NodeWriter writer) {}

  private static final Comparator<Child> BY_NAME_BYTES =
      (a, b) -> Arrays.compareUnsigned(a.nameBytes, b.nameBytes);

  private static final class Child {
    final String name;
    final byte[] nameBytes;
    final DirectoryBuilder dir; // null for a file or symlink
    Cid cid;
    long size;

    Child(String name, DirectoryBuilder dir, Cid cid, long size) {
      this.name = name;
      this.nameBytes = name.getBytes(StandardCharsets.UTF_8);
      this.dir = dir;
      this.cid = cid;
      this.size = size;
    }
  }

  private final String path;
  private final boolean topLevel;
  private Map<String, Child> children = new HashMap<>();
  private FileDagBuilder.Metadata metadata = FileDagBuilder.Metadata.NONE;
  private boolean hadEntries;
  private List<DirectoryBuilder> reportOrder;
  private Cid cid;
  private long size;

  DirectoryBuilder(String path, boolean topLevel) {
    this.path = path;
    this.topLevel = topLevel;
  }

  String path() {
    return path;
  }

  void setMetadata(FileDagBuilder.Metadata m) {
    this.metadata = m;
  }

  /** The subdirectory {@code name}, created when missing. */
  DirectoryBuilder subdirectory(String name) {
    hadEntries = true;
    Child c = children.get(name);
    if (c == null) {
      DirectoryBuilder d = new DirectoryBuilder(join(path, name), false);
      children.put(name, new Child(name, d, null, 0));
      return d;
    }
    if (c.dir == null) {
      throw new IllegalArgumentException(
          "import entry '" + join(path, name) + "' is a file, not a directory");
    }
    return c.dir;
  }

  /** Whether {@code name} is taken. */
  boolean has(String name) {
    return children.containsKey(name);
  }

  /** Links a written file or symlink. */
  void add(String name, Cid childCid, long childSize) {
    hadEntries = true;
    if (children.putIfAbsent(name, new Child(name, null, childCid, childSize)) != null) {
      throw new IllegalArgumentException("import entry '" + join(path, name) + "' comes twice");
    }
  }

  static String join(String dir, String name) {
    return dir.isEmpty() ? name : dir + "/" + name;
  }

  /**
   * Writes this directory after the ones below it.
   *
   * @return false when the directory is left out: empty, not top-level, and empty directories are
   *     not kept
   */
  boolean write(Settings s) {
    if (!hadEntries && !topLevel && !s.emptyDirs()) {
      return false;
    }
    List<Child> kept = new ArrayList<>(children.size());
    for (Child c : children.values()) {
      if (c.dir != null) {
        if (!c.dir.write(s)) {
          continue;
        }
        c.cid = c.dir.cid;
        c.size = c.dir.size;
      }
      kept.add(c);
    }
    byte[] data = UnixFsData.directory().withMetadata(metadata.mode(), metadata.mtime()).encode();
    boolean shard = s.threshold() > 0 && estimate(kept, data, s.strategy()) > s.threshold();
    if (shard) {
      List<HamtShardBuilder.Entry> entries = new ArrayList<>(kept.size());
      for (Child c : kept) {
        entries.add(new HamtShardBuilder.Entry(c.name, hamtKey(c), c.cid, c.size));
      }
      FileDagBuilder.Link link =
          new HamtShardBuilder(s.fanout(), s.writer()).build(entries, metadata);
      cid = link.cid();
      size = link.tsize();
      // Kubo lists a shard's entries in slot order, which is the order of their keys.
      kept.sort(Comparator.comparing(DirectoryBuilder::hamtKey, Long::compareUnsigned));
    } else {
      kept.sort(BY_NAME_BYTES);
      List<PbLink> links = new ArrayList<>(kept.size());
      long childrenSize = 0;
      for (Child c : kept) {
        links.add(new PbLink(c.cid, c.name, c.size));
        childrenSize += c.size;
      }
      byte[] block = DagPb.encode(new PbNode(links, data));
      cid = s.writer().dagPb(block);
      size = block.length + childrenSize;
    }
    reportOrder = new ArrayList<>();
    for (Child c : kept) {
      if (c.dir != null) {
        reportOrder.add(c.dir);
      }
    }
    children = null; // written: only the CIDs above are needed now
    return true;
  }

  private static long hamtKey(Child c) {
    return HamtShardBuilder.key(c.nameBytes);
  }

  /** Reports the written directories below this one and then this one, as Kubo lists them. */
  void report(Consumer<AddedEntry> added) {
    for (DirectoryBuilder d : reportOrder) {
      d.report(added);
    }
    added.accept(new AddedEntry(path, cid, size));
  }

  Cid cid() {
    return cid;
  }

  long size() {
    return size;
  }

  /** The size Kubo compares with the threshold (boxo {@code io/directory.go}). */
  private static long estimate(
      List<Child> children, byte[] data, ImportOptions.ShardStrategy strategy) {
    long total = dataEstimate(strategy, data);
    for (Child c : children) {
      total += linkEstimate(strategy, c.nameBytes.length, c.cid.encodedLength(), c.size);
    }
    return total;
  }

  /** What a directory's own data adds to its estimated size. */
  static long dataEstimate(ImportOptions.ShardStrategy strategy, byte[] data) {
    return strategy == ImportOptions.ShardStrategy.LINKS_BYTES
        ? 0
        : 1 + Varint.size(data.length) + data.length;
  }

  /**
   * What one link adds to a directory's estimated size: its name and CID bytes (boxo's {@code
   * linksize}), or its whole serialized dag-pb link (the block-bytes estimation).
   */
  static long linkEstimate(
      ImportOptions.ShardStrategy strategy, int nameLength, int cidLength, long tsize) {
    if (strategy == ImportOptions.ShardStrategy.LINKS_BYTES) {
      return nameLength + cidLength;
    }
    int link =
        1
            + Varint.size(cidLength)
            + cidLength
            + 1
            + Varint.size(nameLength)
            + nameLength
            + 1
            + Varint.size(tsize);
    return 1 + Varint.size(link) + link;
  }
}
