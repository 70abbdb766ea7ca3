package io.cairn.retrieval.gateway;

import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.codec.PbNode;
import io.cairn.storage.unixfs.UnixFsData;
import io.cairn.storage.unixfs.UnixFsNode.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * One block as the gateway serves it, read once: its bytes, what kind of UnixFS node it is, its
 * file size, and the file's bytes when the block holds all of them (a raw block, a leaf file node),
 * so small files are served from the single read that found them.
 *
 * @param cid the block
 * @param block the block's bytes
 * @param kind the UnixFS kind ({@link Kind#OTHER} for dag-pb without UnixFS data and for codecs
 *     other than dag-pb and raw)
 * @param size the file's size for files and raw blocks, the target's length for symlinks, else 0
 * @param content all the file's bytes when this block holds them, else null
 * @param pb the decoded dag-pb node, null for other codecs
 * @param unixfs the UnixFS data, null when absent
 */
record NodeView(
    Cid cid, byte[] block, Kind kind, long size, byte[] content, PbNode pb, UnixFsData unixfs) {

  private static final byte[] EMPTY = new byte[0];

  /**
   * Reads and decodes a block.
   *
   * @throws BlockNotFoundException when the block is not held
   * @throws CodecException when a dag-pb block or its UnixFS data cannot be decoded
   */
  static NodeView load(BlockStore store, Cid cid) {
    byte[] bytes = store.get(cid).orElseThrow(() -> new BlockNotFoundException(cid));
    return of(cid, bytes);
  }

  static NodeView of(Cid cid, byte[] bytes) {
    long codec = cid.codec();
    if (codec == Multicodec.RAW.code()) {
      return new NodeView(cid, bytes, Kind.RAW, bytes.length, bytes, null, null);
    }
    if (codec != Multicodec.DAG_PB.code()) {
      return new NodeView(cid, bytes, Kind.OTHER, 0, null, null, null);
    }
    PbNode pb;
    UnixFsData u = null;
    try {
      pb = DagPb.decode(bytes);
      if (pb.data() != null) {
        u = UnixFsData.decode(pb.data());
      }
    } catch (CodecException e) {
      throw new CodecException("block " + cid + ": " + e.getMessage(), e);
    }
    if (u == null) {
      return new NodeView(cid, bytes, Kind.OTHER, 0, null, pb, null);
    }
    byte[] data = u.data() == null ? EMPTY : u.data();
    return switch (u.type()) {
      case FILE, RAW -> {
        if (pb.links().size() != u.blockSizes().size()) {
          throw new CodecException(
              "UnixFS node "
                  + cid
                  + " has "
                  + pb.links().size()
                  + " links but "
                  + u.blockSizes().size()
                  + " blocksizes");
        }
        long size = data.length;
        for (long s : u.blockSizes()) {
          size += s;
        }
        if (u.fileSize() != null && u.fileSize() != size) {
          throw new CodecException(
              "UnixFS node " + cid + " declares filesize " + u.fileSize() + " but holds " + size);
        }
        boolean whole = pb.links().isEmpty();
        yield new NodeView(cid, bytes, Kind.FILE, size, whole ? data : null, pb, u);
      }
      case DIRECTORY -> new NodeView(cid, bytes, Kind.DIRECTORY, 0, null, pb, u);
      case HAMT_SHARD -> new NodeView(cid, bytes, Kind.HAMT_DIRECTORY, 0, null, pb, u);
      case SYMLINK -> new NodeView(cid, bytes, Kind.SYMLINK, data.length, data, pb, u);
      case METADATA -> new NodeView(cid, bytes, Kind.OTHER, 0, null, pb, u);
    };
  }

  /** A block kept as bytes without decoding (a CAR carries it whatever it holds). */
  static NodeView opaque(Cid cid, byte[] bytes) {
    return new NodeView(cid, bytes, Kind.OTHER, 0, null, null, null);
  }

  List<PbLink> links() {
    return pb == null ? List.of() : pb.links();
  }

  /** The node's modification time (UnixFS 1.5), or null. */
  Instant mtime() {
    return unixfs == null ? null : unixfs.mtime();
  }

  String symlinkTarget() {
    return content == null ? "" : new String(content, StandardCharsets.UTF_8);
  }

  /** The DAG size the node's links claim: its block plus every link's Tsize. */
  long dagSize() {
    long total = block.length;
    for (PbLink l : links()) {
      total += l.tsizeOrZero();
    }
    return total;
  }
}
