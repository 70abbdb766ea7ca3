package io.cairn.storage.unixfs;

import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.codec.PbNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * A block as the exporter sees it: its bytes, and for dag-pb its node and UnixFS data (null when
 * the node carries no Data field).
 */
record DecodedNode(Cid cid, byte[] bytes, PbNode pb, UnixFsData unixfs) {

  boolean isRaw() {
    return cid.codec() == Multicodec.RAW.code();
  }

  boolean isDagPb() {
    return pb != null;
  }

  List<PbLink> links() {
    return pb == null ? List.of() : pb.links();
  }

  UnixFsNode.Kind kind() {
    if (isRaw()) {
      return UnixFsNode.Kind.RAW;
    }
    if (unixfs == null) {
      return UnixFsNode.Kind.OTHER;
    }
    return switch (unixfs.type()) {
      case FILE, RAW -> UnixFsNode.Kind.FILE;
      case DIRECTORY -> UnixFsNode.Kind.DIRECTORY;
      case HAMT_SHARD -> UnixFsNode.Kind.HAMT_DIRECTORY;
      case SYMLINK -> UnixFsNode.Kind.SYMLINK;
      case METADATA -> UnixFsNode.Kind.OTHER;
    };
  }

  /**
   * The number of content bytes a file node holds: its own data plus its children's blocksizes,
   * checked against its filesize field when present. A raw block's size is its length.
   */
  long fileSize() {
    if (isRaw()) {
      return bytes.length;
    }
    long sum = unixfs.data() == null ? 0 : unixfs.data().length;
    for (long s : unixfs.blockSizes()) {
      if (s < 0) {
        throw malformed("has a blocksize over 2^63");
      }
      sum += s;
      if (sum < 0) {
        throw malformed("has blocksizes that add up to more than 2^63 bytes");
      }
    }
    Long declared = unixfs.fileSize();
    if (declared != null && declared != sum) {
      throw malformed(
          "declares filesize "
              + Long.toUnsignedString(declared)
              + " but its data and blocksizes add up to "
              + sum);
    }
    return sum;
  }

  /** What {@code stat} reports. */
  UnixFsNode stat() {
    UnixFsNode.Kind kind = kind();
    long cumulative = bytes.length;
    for (PbLink l : links()) {
      cumulative = saturatingAdd(cumulative, l.tsizeOrZero());
    }
    long size =
        switch (kind) {
          case FILE, RAW -> fileSize();
          case SYMLINK -> unixfs.data() == null ? 0 : unixfs.data().length;
          default -> 0;
        };
    Integer mode = null;
    Instant mtime = null;
    if (unixfs != null) {
      if (unixfs.mode() != null && (unixfs.mode() & 07777) != 0) {
        mode = unixfs.mode() & 07777;
      }
      mtime = unixfs.mtime();
    }
    String target = kind == UnixFsNode.Kind.SYMLINK ? symlinkTarget() : null;
    return new UnixFsNode(
        cid, kind, size, cumulative, bytes.length, links().size(), mode, mtime, target);
  }

  private static long saturatingAdd(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }

  String symlinkTarget() {
    byte[] data = unixfs.data();
    return data == null ? "" : new String(data, StandardCharsets.UTF_8);
  }

  /** Words for a kind in messages: "a directory", "not UnixFS". */
  static String describe(UnixFsNode.Kind kind) {
    return switch (kind) {
      case FILE -> "a file";
      case DIRECTORY -> "a directory";
      case HAMT_DIRECTORY -> "a sharded directory";
      case SYMLINK -> "a symlink";
      case RAW -> "a raw block";
      case OTHER -> "not UnixFS";
      case UNKNOWN -> "of unknown kind";
    };
  }

  CodecException malformed(String what) {
    return new CodecException("UnixFS node " + cid + " " + what);
  }
}
