package io.cairn.storage.dag;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.codec.PbNode;
import io.cairn.storage.unixfs.UnixFsData;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds and removes named links of dag-pb nodes, as boxo's {@code dagutils.Editor} behind Kubo's
 * {@code object patch add-link|rm-link}: the node a path ends in gets the link (replacing every
 * link of that name) or loses it, and each node on the way is written anew with the link to its
 * changed child, keeping its own CID version and hash function. Links are sorted by name when a
 * node is encoded, as dag-pb requires.
 *
 * <p>The check that the root is a plain UnixFS directory is Kubo's: anything else would be left
 * inconsistent (a file's block sizes, a HAMT shard's bitfield) unless the caller skips it. New
 * blocks are written only once the whole change has succeeded.
 */
public final class DagPbEditor {
  /**
   * Kubo's limit for a produced block, the largest Bitswap moves; also the largest block Cairn's
   * store holds, so Kubo's {@code --allow-big-block} changes only the message.
   */
  public static final int BLOCK_LIMIT = BlockStore.MAX_BLOCK_SIZE;

  private final BlockStore source;
  private final boolean skipUnixFsCheck;
  private final boolean allowBigBlock;
  private final List<Block> pending = new ArrayList<>();

  /**
   * @param source where nodes are read (and new ones found before they are written)
   * @param skipUnixFsCheck Kubo's {@code --allow-non-unixfs}
   * @param allowBigBlock Kubo's {@code --allow-big-block}
   */
  public DagPbEditor(BlockStore source, boolean skipUnixFsCheck, boolean allowBigBlock) {
    this.source = source;
    this.skipUnixFsCheck = skipUnixFsCheck;
    this.allowBigBlock = allowBigBlock;
  }

  /** A change the editor refuses, in Kubo's words. */
  public static final class EditException extends RuntimeException {
    EditException(String message) {
      super(message);
    }
  }

  /**
   * Links {@code child} under {@code path} ("a/b/c": names split on '/') below {@code root}.
   *
   * @param create make a missing directory on the way (an empty UnixFS directory, CIDv0)
   * @return the new root; its blocks are written to {@code target}
   */
  public Cid addLink(Cid root, String path, Cid child, boolean create, BlockStore target) {
    Node base = load(root);
    check(base, true);
    Block block = insert(base, List.of(path.split("/", -1)), child, childSize(child), create);
    return finish(block, target);
  }

  /**
   * Removes every link named as {@code path}'s last name from the node the rest of it names.
   *
   * @return the new root; its blocks are written to {@code target}
   */
  public Cid removeLink(Cid root, String path, BlockStore target) {
    Node base = load(root);
    check(base, false);
    return finish(remove(base, List.of(path.split("/", -1))), target);
  }

  private Cid finish(Block root, BlockStore target) {
    for (Block b : pending) {
      target.put(b);
    }
    target.sync();
    pending.clear();
    return root.cid();
  }

  private Block insert(Node node, List<String> path, Cid child, long childSize, boolean create) {
    String name = path.get(0);
    if (path.size() == 1) {
      if (name.isEmpty()) {
        throw new EditException("cannot create link with no name");
      }
      return withLink(node, name, child, childSize);
    }
    PbLink link = first(node.pb, name);
    Node next;
    if (link != null) {
      next = load(link.cid());
    } else if (create) {
      byte[] empty = DagPb.encode(PbNode.of(UnixFsData.directory().encode(), List.of()));
      next =
          new Node(Cid.compute(0, Multicodec.DAG_PB.code(), HashFunction.SHA2_256, empty), empty);
    } else {
      throw new EditException("no link by that name");
    }
    Block changed = insert(next, path.subList(1, path.size()), child, childSize, create);
    return withLink(node, name, changed.cid(), cumulativeSize(changed.data()));
  }

  private Block remove(Node node, List<String> path) {
    String name = path.get(0);
    if (path.size() == 1) {
      if (first(node.pb, name) == null) {
        throw new EditException("no link by that name");
      }
      return write(node, without(node.pb, name));
    }
    PbLink link = first(node.pb, name);
    if (link == null) {
      throw new EditException("no link by that name");
    }
    Block changed = remove(load(link.cid()), path.subList(1, path.size()));
    return withLink(node, name, changed.cid(), cumulativeSize(changed.data()));
  }

  /** The node with every link named {@code name} replaced by one to {@code cid}. */
  private Block withLink(Node node, String name, Cid cid, long size) {
    List<PbLink> links = without(node.pb, name);
    links.add(PbLink.of(name, cid, size));
    return write(node, links);
  }

  private Block write(Node node, List<PbLink> links) {
    byte[] bytes = DagPb.encode(new PbNode(links, node.pb.data()));
    if (bytes.length > BLOCK_LIMIT) {
      throw new EditException(
          allowBigBlock
              ? "produced block is "
                  + bytes.length
                  + " bytes: this node's block store holds blocks of at most 2MiB ("
                  + BLOCK_LIMIT
                  + " bytes), --allow-big-block or not"
              : "produced block is over 2MiB: big blocks can't be exchanged with other peers."
                  + " consider using UnixFS for automatic chunking of bigger files, or pass"
                  + " --allow-big-block to override");
    }
    HashFunction hash =
        node.cid
            .multihash()
            .function()
            .orElseThrow(
                () ->
                    new EditException(
                        "cannot hash a changed "
                            + node.cid
                            + ": hash function "
                            + node.cid.multihash().functionName()
                            + " is not supported"));
    Block block = Block.create(node.cid.version(), Multicodec.DAG_PB.code(), hash, bytes);
    pending.add(block);
    return block;
  }

  private void check(Node base, boolean adding) {
    if (skipUnixFsCheck) {
      return;
    }
    String what = adding ? "add named links to" : "remove links from";
    UnixFsData.Type type;
    try {
      type = base.pb.data() == null ? null : UnixFsData.decode(base.pb.data()).type();
    } catch (CodecException e) {
      type = null;
    }
    if (type == null) {
      throw new EditException(
          "cannot "
              + what
              + " a non-UnixFS dag-pb node; pass --allow-non-unixfs to skip validation");
    }
    switch (type) {
      case DIRECTORY -> {}
      case HAMT_SHARD ->
          throw new EditException(
              "cannot "
                  + (adding ? "add links to" : "remove links from")
                  + " a HAMTShard at the dag-pb level (would corrupt the HAMT bitfield); use "
                  + (adding ? "'cairn files' commands" : "'cairn files rm'")
                  + " instead, or pass --allow-non-unixfs to override");
      default ->
          throw new EditException(
              "cannot "
                  + what
                  + " a UnixFS "
                  + goName(type)
                  + " node, only Directory nodes support link "
                  + (adding ? "addition" : "removal")
                  + " at the dag-pb level (see https://specs.ipfs.tech/unixfs/)");
    }
  }

  /** The type's name as Go's generated protobuf code writes it. */
  private static String goName(UnixFsData.Type type) {
    return switch (type) {
      case RAW -> "Raw";
      case DIRECTORY -> "Directory";
      case FILE -> "File";
      case METADATA -> "Metadata";
      case SYMLINK -> "Symlink";
      case HAMT_SHARD -> "HAMTShard";
    };
  }

  /** The size a link to {@code cid} records: a dag-pb node's block plus its links' sizes. */
  private long childSize(Cid cid) {
    byte[] bytes = source.require(cid);
    return cid.isCodec(Multicodec.DAG_PB) ? cumulativeSize(bytes) : bytes.length;
  }

  private static long cumulativeSize(byte[] dagPb) {
    long size = dagPb.length;
    for (PbLink l : DagPb.links(dagPb)) {
      size += l.tsizeOrZero();
    }
    return size;
  }

  private Node load(Cid cid) {
    if (!cid.isCodec(Multicodec.DAG_PB)) {
      throw new EditException("expected protobuf dag node");
    }
    for (Block b : pending) {
      if (b.cid().equals(cid)) {
        return new Node(cid, b.data());
      }
    }
    return new Node(cid, source.require(cid));
  }

  private static PbLink first(PbNode node, String name) {
    for (PbLink l : node.links()) {
      if (l.nameOrEmpty().equals(name)) {
        return l;
      }
    }
    return null;
  }

  private static List<PbLink> without(PbNode node, String name) {
    List<PbLink> out = new ArrayList<>(node.links().size() + 1);
    for (PbLink l : node.links()) {
      if (!l.nameOrEmpty().equals(name)) {
        out.add(l);
      }
    }
    return out;
  }

  /** A dag-pb node and its CID. */
  private static final class Node {
    final Cid cid;
    final PbNode pb;

    Node(Cid cid, byte[] bytes) {
      this.cid = cid;
      this.pb = DagPb.decode(bytes);
    }
  }
}
