package io.cairn.storage.unixfs;

import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import io.cairn.storage.Varint;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.codec.PbNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The pieces the file layouts build a DAG from, as boxo's {@code DagBuilderHelper} provides them:
 * the next chunk as a leaf, file nodes that take children, and the test for the end of the data.
 * Nodes are written when a parent takes them, so the root (which may carry mode and mtime) is
 * written last by whoever asked for the layout. Memory holds the chunk being read, the one read
 * ahead, and the links of the file nodes still open.
 */
final class FileDagBuilder {
  /** UnixFS type numbers of leaves: balanced layouts write File leaves, trickle ones Raw leaves. */
  static final int TYPE_RAW = 0;

  static final int TYPE_FILE = 2;

  /** What a written node gives its parent: its CID, DAG size and file bytes. */
  record Link(Cid cid, long tsize, long fileSize) {}

  /** Mode and mtime for a file's root; either may be null. */
  record Metadata(Integer mode, Instant mtime) {
    static final Metadata NONE = new Metadata(null, null);

    Metadata {
      if (mode != null && mode == 0) {
        mode = null; // as boxo, which drops a zero mode
      }
    }
  }

  /** A node built but not written yet. */
  abstract static sealed class Node permits Leaf, FileNode {
    abstract Link write(Metadata metadata);
  }

  private final Chunker chunker;
  private final NodeWriter writer;
  private final boolean rawLeaves;
  private final int maxLinks;
  private final LongConsumer progress;
  private URI source;
  private Chunker.Chunk next;
  private long nextOffset;
  private boolean ahead;
  private long bytesRead;

  /**
   * @param progress told the bytes read so far after each chunk
   */
  FileDagBuilder(
      Chunker chunker, NodeWriter writer, boolean rawLeaves, int maxLinks, LongConsumer progress) {
    this.chunker = chunker;
    this.writer = writer;
    this.rawLeaves = rawLeaves;
    this.maxLinks = maxLinks;
    this.progress = progress;
  }

  /** The room a full chunk of {@code size} bytes needs before it to become a dag-pb leaf. */
  static int leafHeader(int size) {
    int inner = leafInnerLength(size);
    return 1 + Varint.size(inner) + 2 + (size > 0 ? 1 + Varint.size(size) : 0);
  }

  /** The room a chunk of {@code size} bytes needs after it to become a dag-pb leaf. */
  static int leafTrailer(int size) {
    return 1 + Varint.size(size);
  }

  private static int leafInnerLength(int size) {
    return 2 + (size > 0 ? 1 + Varint.size(size) + size : 0) + 1 + Varint.size(size);
  }

  int maxLinks() {
    return maxLinks;
  }

  long bytesRead() {
    return bytesRead;
  }

  /** Whether every chunk has been taken; reads the next chunk ahead when there is one. */
  boolean done() {
    if (!ahead) {
      try {
        next = chunker.next();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ahead = true;
      if (next != null) {
        nextOffset = bytesRead;
        bytesRead += next.length();
        progress.accept(bytesRead);
      }
    }
    return next == null;
  }

  /** The next chunk as a leaf of the given UnixFS type (for dag-pb leaves). */
  Leaf nextLeaf(int type) {
    if (done()) {
      throw new IllegalStateException("no chunk left");
    }
    Chunker.Chunk chunk = next;
    next = null;
    ahead = false;
    return new Leaf(chunk, type, nextOffset);
  }

  /**
   * Gives raw leaves their place in {@code file} (a {@code file:} URI or an http(s) URL), whose
   * bytes the chunker reads from the start, so a store with the filestore or the urlstore
   * references them there ({@code add --nocopy}).
   */
  FileDagBuilder fromFile(URI file) {
    this.source = file;
    return this;
  }

  /** The leaf of an empty file (boxo {@code NewLeafNode(nil, TFile)}). */
  Leaf emptyLeaf() {
    return new Leaf(new Chunker.Chunk(new byte[0], 0, 0), TYPE_FILE, 0);
  }

  FileNode newFileNode() {
    return new FileNode();
  }

  /** A chunk that becomes a raw block or a dag-pb UnixFS leaf. */
  final class Leaf extends Node {
    private Chunker.Chunk chunk;
    private final int type;
    private final long fileOffset;

    private Leaf(Chunker.Chunk chunk, int type, long fileOffset) {
      this.chunk = chunk;
      this.type = type;
      this.fileOffset = fileOffset;
    }

    @Override
    Link write(Metadata metadata) {
      Chunker.Chunk c = chunk;
      chunk = null; // the block keeps the bytes; the leaf lets go of them
      int n = c.length();
      byte[] b = c.buffer();
      if (rawLeaves) {
        // boxo ignores mode and mtime on a raw root; Kubo never asks for both.
        byte[] data =
            c.offset() == 0 && b.length == n
                ? b
                : Arrays.copyOfRange(b, c.offset(), c.offset() + n);
        Block.FileOrigin origin = source == null ? null : new Block.FileOrigin(source, fileOffset);
        return new Link(writer.raw(data, origin), n, n);
      }
      byte[] block;
      if (metadata.mode() != null || metadata.mtime() != null) {
        UnixFsData data =
            new UnixFsData(
                UnixFsData.Type.values()[type],
                n > 0 ? Arrays.copyOfRange(b, c.offset(), c.offset() + n) : null,
                (long) n,
                List.of(),
                null,
                null,
                metadata.mode(),
                metadata.mtime());
        block = DagPb.encode(new PbNode(List.of(), data.encode()));
      } else {
        int header = leafHeader(n);
        int trailer = leafTrailer(n);
        if (c.offset() == header && b.length == header + n + trailer) {
          block = b; // the chunker left exactly the room a leaf needs
        } else {
          block = new byte[header + n + trailer];
          System.arraycopy(b, c.offset(), block, header, n);
        }
        int o = 0;
        block[o++] = 0x0a; // PBNode.Data
        o += Varint.write(leafInnerLength(n), block, o);
        block[o++] = 0x08; // Data.Type
        block[o++] = (byte) type;
        if (n > 0) {
          block[o++] = 0x12; // Data.Data
          o += Varint.write(n, block, o);
        }
        o += n;
        block[o++] = 0x18; // Data.filesize
        Varint.write(n, block, o);
      }
      return new Link(writer.dagPb(block), block.length, n);
    }
  }

  /** A UnixFS File node over its children (boxo {@code FSNodeOverDag}). */
  final class FileNode extends Node {
    private final List<Link> children = new ArrayList<>();

    int numChildren() {
      return children.size();
    }

    /** Writes the child and links it (boxo {@code AddChild}). */
    void add(Node child) {
      children.add(child.write(Metadata.NONE));
    }

    @Override
    Link write(Metadata metadata) {
      long fileSize = 0;
      long childrenSize = 0;
      List<Long> blockSizes = new ArrayList<>(children.size());
      List<PbLink> links = new ArrayList<>(children.size());
      for (Link child : children) {
        fileSize += child.fileSize();
        childrenSize += child.tsize();
        blockSizes.add(child.fileSize());
        links.add(new PbLink(child.cid(), "", child.tsize()));
      }
      UnixFsData data =
          new UnixFsData(
              UnixFsData.Type.FILE,
              null,
              fileSize,
              blockSizes,
              null,
              null,
              metadata.mode(),
              metadata.mtime());
      byte[] block = DagPb.encode(new PbNode(links, data.encode()));
      return new Link(writer.dagPb(block), block.length + childrenSize, fileSize);
    }
  }
}
