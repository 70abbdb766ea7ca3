package io.cairn.retrieval.gateway;

import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.car.CarWriter;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.Links;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.unixfs.UnixFsNode.Kind;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the CAR of a trustless request: the blocks the path crossed, in the order it crossed them,
 * then the blocks the DAG scope asks for below the path's end, depth-first in link order. Blocks
 * with identity CIDs are never written (their bytes are in the CID); with {@code dups=n} a block is
 * written once, with {@code dups=y} every time the walk meets it.
 *
 * <p>For {@code dag-scope=entity} the entity is a whole UnixFS file (or, with {@code entity-bytes},
 * only the blocks holding the range, found from the {@code blocksizes}), all the shards of a HAMT
 * directory, or the terminal block alone for anything else.
 */
final class CarStreamer {
  private static final int MAX_FILE_DEPTH = 1024;

  private final BlockStore blocks;
  private final List<Cid> pathBlocks;
  private final NodeView terminal;
  private final boolean remainder;
  private final CarParams params;
  private final long[] range;
  private final Set<Cid> seen = new HashSet<>();
  private CarWriter writer;

  /**
   * @param pathBlocks the blocks the resolution read, in order
   * @param terminal the block the path ends at
   * @param remainder whether the path ended inside the terminal document (not at a link)
   * @param range the resolved inclusive entity byte range, or null for the whole entity
   */
  CarStreamer(
      BlockStore blocks,
      List<Cid> pathBlocks,
      NodeView terminal,
      boolean remainder,
      CarParams params,
      long[] range) {
    this.blocks = blocks;
    this.pathBlocks = List.copyOf(pathBlocks);
    this.terminal = terminal;
    this.remainder = remainder;
    this.params = params;
    this.range = range;
  }

  void writeTo(OutputStream out) {
    writer = CarWriter.create(out, List.of(terminal.cid()));
    for (Cid cid : pathBlocks) {
      emit(cid, fetch(cid));
    }
    switch (params.scope()) {
      case BLOCK -> emit(terminal.cid(), terminal.block());
      case ALL -> all(terminal.cid(), terminal.block());
      case ENTITY -> entity();
    }
    writer.flush();
  }

  private void entity() {
    if (remainder || terminal.cid().codec() != Multicodec.DAG_PB.code()) {
      emit(terminal.cid(), terminal.block());
      return;
    }
    if (terminal.kind() == Kind.FILE) {
      if (params.range() == null) {
        all(terminal.cid(), terminal.block());
      } else if (range == null) {
        emit(terminal.cid(), terminal.block());
      } else {
        fileRange(terminal, 0, 0);
      }
    } else if (terminal.kind() == Kind.HAMT_DIRECTORY) {
      shards(terminal);
    } else {
      emit(terminal.cid(), terminal.block());
    }
  }

  /**
   * Every block under {@code root}, depth-first; with dups=n a block met again is not re-walked.
   */
  private void all(Cid root, byte[] rootBytes) {
    Deque<Cid> stack = new ArrayDeque<>();
    stack.push(root);
    boolean first = true;
    while (!stack.isEmpty()) {
      Cid cid = stack.pop();
      if (!params.dups() && seen.contains(cid)) {
        continue;
      }
      byte[] data = first ? rootBytes : fetch(cid);
      first = false;
      emit(cid, data);
      if (Links.supports(cid.codec())) {
        List<Cid> links = Links.of(cid, data);
        for (int i = links.size() - 1; i >= 0; i--) {
          stack.push(links.get(i));
        }
      }
    }
  }

  /** The blocks of a file that hold bytes of the range, pre-order. */
  private void fileRange(NodeView node, long start, int depth) {
    if (depth > MAX_FILE_DEPTH) {
      throw new CodecException("UnixFS file " + terminal.cid() + " nests deeper than " + depth);
    }
    emit(node.cid(), node.block());
    List<PbLink> links = node.links();
    List<Long> sizes = node.unixfs().blockSizes();
    if (links.size() != sizes.size()) {
      throw new CodecException(
          "UnixFS node "
              + node.cid()
              + " has "
              + links.size()
              + " links but "
              + sizes.size()
              + " blocksizes");
    }
    byte[] data = node.unixfs().data();
    long childStart = start + (data == null ? 0 : data.length);
    for (int i = 0; i < links.size(); i++) {
      long first = childStart;
      long last = childStart + sizes.get(i) - 1;
      childStart += sizes.get(i);
      if (last < range[0] || sizes.get(i) == 0) {
        continue;
      }
      if (first > range[1]) {
        break;
      }
      Cid child = links.get(i).cid();
      byte[] bytes = fetch(child);
      if (child.codec() == Multicodec.RAW.code()) {
        emit(child, bytes);
      } else if (child.codec() == Multicodec.DAG_PB.code()) {
        NodeView view = NodeView.of(child, bytes);
        if (view.kind() != Kind.FILE) {
          throw new CodecException(
              "UnixFS file " + node.cid() + " links to " + child + ", which is not a file node");
        }
        fileRange(view, first, depth + 1);
      } else {
        throw new CodecException(
            "UnixFS file "
                + node.cid()
                + " links to "
                + child
                + " of codec "
                + Multicodec.nameOf(child.codec()));
      }
    }
  }

  /** A HAMT directory's shard blocks (not its entries), pre-order. */
  private void shards(NodeView node) {
    emit(node.cid(), node.block());
    Long fanout = node.unixfs().fanout();
    if (fanout == null || fanout < 2 || Long.bitCount(fanout) != 1) {
      throw new CodecException("HAMT shard " + node.cid() + " has no valid fanout");
    }
    int pad = Long.toHexString(fanout - 1).length();
    for (PbLink link : node.links()) {
      if (link.nameOrEmpty().length() == pad && link.cid().codec() == Multicodec.DAG_PB.code()) {
        NodeView sub = NodeView.of(link.cid(), fetch(link.cid()));
        if (sub.kind() != Kind.HAMT_DIRECTORY) {
          throw new CodecException(
              "HAMT shard "
                  + node.cid()
                  + " links to sub-shard "
                  + link.cid()
                  + " of another kind");
        }
        shards(sub);
      }
    }
  }

  private byte[] fetch(Cid cid) {
    if (cid.isIdentity()) {
      return cid.multihash().digest();
    }
    return blocks.get(cid).orElseThrow(() -> new BlockNotFoundException(cid));
  }

  private void emit(Cid cid, byte[] data) {
    if (cid.isIdentity()) {
      return;
    }
    if (!params.dups() && !seen.add(cid)) {
      return;
    }
    writer.write(cid, data);
  }
}
