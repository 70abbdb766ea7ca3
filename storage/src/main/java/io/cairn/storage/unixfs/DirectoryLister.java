package io.cairn.storage.unixfs;

import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.PbLink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Lists the links of a node as Kubo's {@code ls} does: a directory's entries (a sharded directory's
 * with the bucket prefixes removed), or for any other dag-pb node its raw links.
 */
final class DirectoryLister {
  /** Kubo sorts {@code ls} output with Go's string comparison: bytes of the UTF-8 names. */
  static final Comparator<PbLink> BY_NAME_BYTES =
      (a, b) ->
          Arrays.compareUnsigned(
              a.nameOrEmpty().getBytes(StandardCharsets.UTF_8),
              b.nameOrEmpty().getBytes(StandardCharsets.UTF_8));

  private final NodeLoader loader;

  DirectoryLister(NodeLoader loader) {
    this.loader = loader;
  }

  /** The links of {@code node} in the order its blocks store them. */
  Iterator<PbLink> links(DecodedNode node) {
    if (node.isRaw()) {
      return Collections.emptyIterator();
    }
    if (!node.isDagPb()) {
      throw new UnsupportedOperationException(
          "listing "
              + Multicodec.nameOf(node.cid().codec())
              + " node "
              + node.cid()
              + " is not supported by this exporter; only UnixFS (dag-pb) nodes have entries");
    }
    if (node.kind() == UnixFsNode.Kind.HAMT_DIRECTORY) {
      return HamtShard.of(loader, node).entries();
    }
    return node.links().iterator();
  }

  /** The links sorted by name bytes, as {@code ipfs ls} prints them. */
  List<PbLink> sortedLinks(DecodedNode node) {
    List<PbLink> all = new ArrayList<>();
    links(node).forEachRemaining(all::add);
    all.sort(BY_NAME_BYTES);
    return all;
  }

  /** An entry for a link, fetching the child when {@code resolve} asks and it is dag-pb. */
  DirEntry entry(PbLink link, boolean resolve) {
    String name = link.nameOrEmpty();
    long tsize = link.tsizeOrZero();
    long codec = link.cid().codec();
    if (codec == Multicodec.RAW.code()) {
      return new DirEntry(name, link.cid(), UnixFsNode.Kind.RAW, tsize, tsize, null, null, null);
    }
    if (codec != Multicodec.DAG_PB.code()) {
      return new DirEntry(name, link.cid(), UnixFsNode.Kind.OTHER, 0, tsize, null, null, null);
    }
    if (!resolve) {
      return new DirEntry(name, link.cid(), UnixFsNode.Kind.UNKNOWN, 0, tsize, null, null, null);
    }
    UnixFsNode child = loader.load(link.cid()).stat();
    return new DirEntry(
        name,
        link.cid(),
        child.kind(),
        child.size(),
        tsize,
        child.mode(),
        child.mtime(),
        child.symlinkTarget());
  }
}
