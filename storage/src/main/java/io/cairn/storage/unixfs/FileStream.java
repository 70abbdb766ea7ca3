package io.cairn.storage.unixfs;

import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.PbLink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Streams a byte range of a UnixFS file, fetching only the blocks that hold bytes of the range.
 *
 * <p>A file node's bytes are its own Data followed by its children's bytes in link order; the
 * {@code blocksizes} say how many bytes each child holds, so a child that ends before the current
 * position is skipped without being fetched, and the walk stops at the end of the range. The stream
 * holds one path of nodes from the root down plus the current leaf, whatever the file's size. Each
 * node is checked as it is reached: as many blocksizes as links, blocksizes that add up to the
 * filesize, children of the raw or dag-pb codec that are files of the size their parent records.
 * Structural faults raise {@link CodecException} naming the block.
 */
final class FileStream extends InputStream {
  private static final byte[] EMPTY = new byte[0];

  /** A file node on the path from the root to the current position. */
  private static final class Frame {
    final Cid cid;
    final long start;
    final byte[] data;
    final List<PbLink> links;
    final List<Long> sizes;
    boolean dataDone;
    int next;
    long nextStart;
    int requested;
    long requestedStart;

    Frame(DecodedNode node, long start) {
      this.cid = node.cid();
      this.start = start;
      byte[] d = node.unixfs().data();
      this.data = d == null ? EMPTY : d;
      this.links = node.links();
      this.sizes = node.unixfs().blockSizes();
      this.nextStart = start + data.length;
      this.requestedStart = nextStart;
    }
  }

  private final NodeLoader loader;
  private final ReadAhead readAhead;
  private final Deque<Frame> path = new ArrayDeque<>();
  private final long end;
  private long pos;
  private byte[] leaf;
  private int leafPos;
  private int leafLimit;
  private boolean closed;

  private FileStream(NodeLoader loader, long offset, long end) {
    this.loader = loader;
    this.readAhead = new ReadAhead(loader);
    this.pos = offset;
    this.end = end;
  }

  /**
   * Opens {@code length} bytes of a file from {@code offset} ({@code length < 0}: to the end).
   * Ranges past the end are clamped.
   */
  static FileStream open(NodeLoader loader, DecodedNode root, long offset, long length) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative: " + offset);
    }
    UnixFsNode.Kind kind = root.kind();
    if (!kind.isFile()) {
      throw new IllegalArgumentException(describeNotFile(root.cid(), kind));
    }
    long size = root.isRaw() ? root.bytes().length : checkFileNode(root, null, -1);
    long start = Math.min(offset, size);
    long end = length < 0 || length > size - start ? size : start + length;
    FileStream s = new FileStream(loader, start, end);
    if (start < end) {
      if (root.isRaw()) {
        s.setLeaf(root.bytes(), 0);
      } else {
        s.path.push(new Frame(root, 0));
      }
    }
    return s;
  }

  static String describeNotFile(Cid cid, UnixFsNode.Kind kind) {
    return switch (kind) {
      case DIRECTORY, HAMT_DIRECTORY -> cid + " is a directory, not a file";
      case SYMLINK -> cid + " is a symlink, not a file";
      default ->
          cid
              + " is not a UnixFS file (codec "
              + Multicodec.nameOf(cid.codec())
              + (kind == UnixFsNode.Kind.OTHER && cid.codec() == Multicodec.DAG_PB.code()
                  ? ", no UnixFS file data)"
                  : ")");
    };
  }

  /** Validates a dag-pb file node and returns its size. */
  private static long checkFileNode(DecodedNode node, Cid parent, long expected) {
    List<PbLink> links = node.links();
    int sizes = node.unixfs().blockSizes().size();
    if (links.size() != sizes) {
      throw node.malformed("has " + links.size() + " links but " + sizes + " blocksizes");
    }
    long size = node.fileSize();
    if (parent != null && size != expected) {
      throw node.malformed(
          "holds " + size + " bytes but its parent " + parent + " records " + expected);
    }
    for (int i = 0; i < links.size(); i++) {
      if (!links.get(i).nameOrEmpty().isEmpty()) {
        throw node.malformed(
            "has a link named "
                + GoQuote.quote(links.get(i).name())
                + "; the links of a file must be unnamed");
      }
      long codec = links.get(i).cid().codec();
      if (codec != Multicodec.RAW.code() && codec != Multicodec.DAG_PB.code()) {
        throw node.malformed(
            "links to child "
                + i
                + " ("
                + links.get(i).cid()
                + ") of codec "
                + Multicodec.nameOf(codec)
                + "; a file's children must be raw or dag-pb");
      }
    }
    return size;
  }

  @Override
  public int read() throws IOException {
    if (!ensure()) {
      return -1;
    }
    int b = leaf[leafPos] & 0xFF;
    advance(1);
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (!ensure()) {
      return -1;
    }
    int n = Math.min(len, leafLimit - leafPos);
    System.arraycopy(leaf, leafPos, b, off, n);
    advance(n);
    return n;
  }

  /** Writes the rest of the range straight from the leaves, without an intermediate buffer. */
  @Override
  public long transferTo(OutputStream out) throws IOException {
    long total = 0;
    while (ensure()) {
      int n = leafLimit - leafPos;
      out.write(leaf, leafPos, n);
      advance(n);
      total += n;
    }
    return total;
  }

  /** Skips forward; blocks wholly inside the skipped bytes are not fetched. */
  @Override
  public long skip(long n) throws IOException {
    checkOpen();
    long k = Math.min(n, end - pos);
    if (k <= 0) {
      return 0;
    }
    if (leaf != null && k < leafLimit - leafPos) {
      advance((int) k);
    } else {
      leaf = null;
      pos += k;
    }
    return k;
  }

  @Override
  public int available() throws IOException {
    checkOpen();
    return leaf == null ? 0 : leafLimit - leafPos;
  }

  @Override
  public void close() {
    closed = true;
    readAhead.close();
    leaf = null;
    path.clear();
  }

  private void advance(int n) {
    leafPos += n;
    pos += n;
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("stream is closed");
    }
  }

  private boolean ensure() throws IOException {
    checkOpen();
    if (leaf != null && leafPos < leafLimit) {
      return true;
    }
    leaf = null;
    return pos < end && fill();
  }

  /** Makes {@code bytes}, which start at file offset {@code start}, the current leaf at pos. */
  private void setLeaf(byte[] bytes, long start) {
    leaf = bytes;
    leafPos = (int) (pos - start);
    leafLimit = (int) (Math.min(start + bytes.length, end) - start);
  }

  /**
   * After a leaf is taken from {@code f}, asks the read-ahead for the following children of {@code
   * f} (most likely leaves too) as far as the range goes and the window allows.
   */
  private void requestAhead(Frame f) {
    if (f.requested < f.next) {
      f.requested = f.next;
      f.requestedStart = f.nextStart;
    }
    while (f.requested < f.links.size() && f.requestedStart < end && readAhead.hasRoom()) {
      readAhead.request(f.links.get(f.requested).cid());
      f.requestedStart += f.sizes.get(f.requested);
      f.requested++;
    }
  }

  /** Walks to the block holding {@code pos}; false only when the range is done. */
  private boolean fill() {
    while (pos < end) {
      Frame f = path.peek();
      if (f == null) {
        throw new IllegalStateException("file walk ran out of nodes at byte " + pos);
      }
      if (!f.dataDone) {
        f.dataDone = true;
        if (pos < f.start + f.data.length) {
          setLeaf(f.data, f.start);
          return true;
        }
      }
      if (f.next == f.links.size()) {
        path.pop();
        continue;
      }
      int i = f.next++;
      long childStart = f.nextStart;
      long childSize = f.sizes.get(i);
      f.nextStart += childSize;
      if (childStart + childSize <= pos) {
        continue;
      }
      DecodedNode child = readAhead.take(f.links.get(i).cid());
      if (child.isRaw() || child.links().isEmpty()) {
        requestAhead(f);
      }
      if (child.isRaw()) {
        if (child.bytes().length != childSize) {
          throw new CodecException(
              "raw leaf "
                  + child.cid()
                  + " holds "
                  + child.bytes().length
                  + " bytes but its parent "
                  + f.cid
                  + " records "
                  + childSize);
        }
        setLeaf(child.bytes(), childStart);
        return true;
      }
      UnixFsNode.Kind kind = child.kind();
      if (kind != UnixFsNode.Kind.FILE) {
        throw new CodecException(
            "UnixFS file "
                + f.cid
                + " links to child "
                + i
                + " ("
                + child.cid()
                + ") that is "
                + DecodedNode.describe(kind)
                + "; a file's children must be file nodes or raw leaves");
      }
      checkFileNode(child, f.cid, childSize);
      path.push(new Frame(child, childStart));
    }
    return false;
  }
}
