package io.cairn.storage.unixfs;

import io.cairn.storage.Cid;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@code stat}, {@code ls} and the gateway need to know about one node, read from its root
 * block alone.
 *
 * @param cid the node
 * @param kind what the node is
 * @param size bytes of content as Kubo reports it: the file size for files and raw blocks, the
 *     target's length for symlinks, 0 for directories and non-UnixFS nodes
 * @param cumulativeSize the root block's length plus the Tsize of every link: Kubo's {@code
 *     CumulativeSize}, the size of the whole DAG as its links claim it
 * @param blockSize the root block's length
 * @param linkCount the number of links in the root block (Kubo's {@code Blocks})
 * @param mode permission bits (mask 07777) when the node records non-zero ones, else null; Kubo
 *     treats a zero mode as absent too
 * @param mtime modification time when the node records one, else null
 * @param symlinkTarget the target of a symlink, else null
 */
public record UnixFsNode(
    Cid cid,
    Kind kind,
    long size,
    long cumulativeSize,
    int blockSize,
    int linkCount,
    Integer mode,
    Instant mtime,
    String symlinkTarget) {

  /** What a node or a directory entry is. */
  public enum Kind {
    /** A dag-pb UnixFS file (Type File, or Type Raw from old importers). */
    FILE,
    /** A flat dag-pb UnixFS directory. */
    DIRECTORY,
    /** A HAMT-sharded UnixFS directory. */
    HAMT_DIRECTORY,
    SYMLINK,
    /** A block of the raw codec: a file whose bytes are the block. */
    RAW,
    /** Not UnixFS: dag-pb without UnixFS data, UnixFS Metadata, or another codec. */
    OTHER,
    /** A directory entry listed without fetching the child (only in {@link DirEntry}). */
    UNKNOWN;

    /** Whether the node holds file bytes (a file or a raw block). */
    public boolean isFile() {
      return this == FILE || this == RAW;
    }

    /** Whether the node is a directory, flat or sharded. */
    public boolean isDirectory() {
      return this == DIRECTORY || this == HAMT_DIRECTORY;
    }
  }

  public UnixFsNode {
    Objects.requireNonNull(cid, "cid");
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.UNKNOWN) {
      throw new IllegalArgumentException("a stat result has a known kind");
    }
    if (size < 0 || cumulativeSize < 0 || blockSize < 0 || linkCount < 0) {
      throw new IllegalArgumentException("sizes and counts must not be negative");
    }
    if ((symlinkTarget != null) != (kind == Kind.SYMLINK)) {
      throw new IllegalArgumentException("only a symlink has a target, and a symlink has one");
    }
  }
}
