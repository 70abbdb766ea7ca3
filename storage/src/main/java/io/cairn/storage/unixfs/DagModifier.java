package io.cairn.storage.unixfs;

import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.StorageException;
import java.io.InputStream;
import java.time.Clock;

/**
 * Changes a UnixFS file DAG in place as boxo's {@code mod.DagModifier} does for {@code ipfs files
 * write}, so the CIDs are Kubo's: writes are buffered and merged into the DAG by {@link #sync} when
 * the buffer passes {@value #WRITE_BUFFER_SIZE} bytes, first over the existing leaves ({@code
 * modifyDag}) and then, past the end, as a trickle append; a gap before the write is filled with
 * zeros ({@code expandSparse}); {@link #truncate} cuts the DAG ({@code dagTruncate}). Memory holds
 * the write buffer and one path of nodes.
 */
final class DagModifier {
  /** boxo {@code writebufferSize}: 2 MiB. */
  static final int WRITE_BUFFER_SIZE = 1 << 21;

  /** The chunk size of the zeros {@code expandSparse} writes, small to deduplicate. */
  static final int SPARSE_CHUNK = 4096;

  /**
   * boxo {@code helpers.DefaultLinksPerBlock}; {@code Import.UnixFSFileMaxLinks} does not apply.
   */
  static final int DEFAULT_MAX_LINKS = 174;

  private final DagService dags;
  private final ChunkerSpec splitter;
  private final Clock clock;
  private final CidPrefix prefix;
  private final int maxLinks;
  private boolean rawLeaves;
  private DagNode curNode;
  private long writeStart;
  private long curWrOff;
  private WriteBuffer wrBuf;

  /**
   * boxo {@code NewDagModifier}: the prefix of new nodes is the file's own, and raw leaves are on
   * when the file's CID is v1.
   */
  DagModifier(DagNode from, DagService dags, ChunkerSpec splitter, Clock clock, int maxLinks) {
    this.curNode = from;
    this.dags = dags;
    this.splitter = splitter;
    this.clock = clock;
    this.maxLinks = maxLinks;
    this.prefix = CidPrefix.of(cidOf(from));
    this.rawLeaves = prefix.version() > 0;
  }

  static Cid cidOf(DagNode node) {
    return switch (node) {
      case DagNode.Raw raw -> raw.cid();
      case DagNode.Proto proto -> proto.cid();
    };
  }

  void setRawLeaves(boolean raw) {
    rawLeaves = raw;
  }

  /** boxo {@code WriteAt}: a write away from the current offset syncs first. */
  void writeAt(byte[] b, int off, int len, long offset) {
    if (offset == writeStart && wrBuf != null) {
      if (len >= wrBuf.length()) {
        wrBuf.reset(); // the new bytes overwrite all that was buffered
      }
    } else if (offset != curWrOff) {
      long size = size();
      if (offset > size) {
        expandSparse(offset - size);
      }
      sync();
      writeStart = offset;
    }
    write(b, off, len);
  }

  /** boxo {@code Write}: buffers at the current offset; syncs once the buffer passes 2 MiB. */
  void write(byte[] b, int off, int len) {
    if (wrBuf == null) {
      wrBuf = new WriteBuffer();
    }
    wrBuf.write(b, off, len);
    curWrOff += len;
    if (wrBuf.length() > WRITE_BUFFER_SIZE) {
      sync();
    }
  }

  /** boxo {@code Size}: the file's size, counting what is buffered. */
  long size() {
    long fileSize = DagService.fileSize(curNode);
    return wrBuf == null ? fileSize : Math.max(fileSize, wrBuf.length() + writeStart);
  }

  /** boxo {@code Seek(offset, io.SeekStart)}: syncs, and grows the file with zeros up to it. */
  void seek(long offset) {
    sync();
    long size = size();
    if (offset > size) {
      expandSparse(offset - size);
    }
    curWrOff = offset;
    writeStart = offset;
  }

  /** boxo {@code Sync}: merges the buffer into the DAG. */
  void sync() {
    if (wrBuf == null) {
      return;
    }
    int buflen = wrBuf.length();
    long fs = DagService.fileSize(curNode);
    if (fs < writeStart) {
      expandSparse(writeStart - fs);
    }
    Cid thisc = new DagOverwrite(this).modifyDag(curNode, writeStart);
    curNode = dags.get(thisc);
    if (wrBuf.length() > 0) {
      DagNode.Proto appended = appendData(curNode, chunker(wrBuf.remaining(), rawLeaves));
      ensureSafeProtoNodeHash(appended);
      dags.add(appended);
      curNode = appended;
    }
    writeStart += buflen;
    wrBuf = null;
  }

  /** boxo {@code expandSparse}: appends {@code size} zero bytes in 4 KiB chunks. */
  private void expandSparse(long size) {
    DagNode.Proto grown =
        appendData(curNode, new FixedSizeChunker(new ZeroStream(size), SPARSE_CHUNK, 0, 0));
    dags.add(grown);
    curNode = grown;
  }

  /**
   * boxo {@code appendData}: a trickle append onto a file node; a raw leaf first becomes a file
   * node over it, with raw leaves after it whatever the setting.
   */
  private DagNode.Proto appendData(DagNode node, Chunker spl) {
    CidPrefix fallback =
        prefix.hash() == HashFunction.IDENTITY ? prefix.withHash(HashFunction.SHA2_256) : null;
    NodeWriter writer =
        new NodeWriter(dags.batcher(), prefix.version(), prefix.hash(), -1, fallback != null);
    DagNode.Proto base;
    boolean raw;
    switch (node) {
      case DagNode.Proto proto -> {
        base = proto;
        raw = rawLeaves;
      }
      case DagNode.Raw leaf -> {
        FsNode file = FsNode.create(FsNode.FILE);
        file.addBlockSize(leaf.data().length);
        base = new DagNode.Proto(file.encode(), prefix);
        base.addLink(leaf.cid(), leaf.size());
        raw = true;
      }
    }
    FileDagBuilder db = new FileDagBuilder(spl, writer, raw, maxLinks, bytes -> {});
    return new TrickleAppender(dags, db, fallback, clock).append(base);
  }

  /** A chunker over buffered bytes, leaving room to frame dag-pb leaves when it can. */
  private Chunker chunker(InputStream in, boolean raw) {
    boolean framed = !raw && splitter.kind() == ChunkerSpec.Kind.FIXED;
    return Chunker.create(
        splitter,
        in,
        framed ? FileDagBuilder.leafHeader(splitter.size()) : 0,
        framed ? FileDagBuilder.leafTrailer(splitter.size()) : 0);
  }

  /** boxo {@code Truncate}: cuts the file to {@code size}, or grows it with zeros. */
  void truncate(long size) {
    sync();
    long realSize = size();
    if (size == realSize) {
      return;
    }
    if (size > realSize) {
      expandSparse(size - realSize);
      return;
    }
    DagNode cut = new DagOverwrite(this).dagTruncate(curNode, size);
    dags.add(cut);
    curNode = cut;
  }

  /**
   * boxo {@code GetNode}: syncs and returns the root, not yet stored. With raw leaves, a file node
   * over a single raw leaf and without mode or mtime gives way to the leaf ({@code
   * maybeCollapseToRawLeaf}), as {@code ipfs add} names a one-block file.
   */
  DagNode node() {
    sync();
    if (!rawLeaves || !(curNode instanceof DagNode.Proto proto) || proto.links().size() != 1) {
      return curNode;
    }
    try {
      FsNode fsn = FsNode.decode(proto.data());
      if (fsn.hasModTime() || fsn.hasMode()) {
        return curNode;
      }
      return dags.get(proto.links().get(0).cid()) instanceof DagNode.Raw leaf ? leaf : curNode;
    } catch (IllegalArgumentException | StorageException e) {
      return curNode; // as boxo: a child it cannot read keeps the file node
    }
  }

  // What DagOverwrite needs of the modifier's state.

  DagService dags() {
    return dags;
  }

  Clock clock() {
    return clock;
  }

  WriteBuffer buffer() {
    return wrBuf;
  }

  /**
   * boxo {@code safePrefixForSize}: an identity prefix too long for a block of {@code size} bytes
   * becomes the file's prefix, or sha2-256 when that is identity too.
   */
  CidPrefix safePrefixForSize(CidPrefix original, int size) {
    if (original.hash() != HashFunction.IDENTITY || size <= DagNode.MAX_IDENTITY_DIGEST) {
      return original;
    }
    return prefix.hash() != HashFunction.IDENTITY ? prefix : prefix.withHash(HashFunction.SHA2_256);
  }

  /** boxo {@code ensureSafeProtoNodeHash}. */
  void ensureSafeProtoNodeHash(DagNode.Proto node) {
    if (node.builder().hash() == HashFunction.IDENTITY) {
      CidPrefix safe = safePrefixForSize(node.builder(), node.encode().length);
      if (!safe.equals(node.builder())) {
        node.setBuilder(safe);
      }
    }
  }

  /**
   * An endless run of zeros, {@code size} bytes long (boxo's {@code zeroReader} behind a limit).
   */
  private static final class ZeroStream extends InputStream {
    private long left;

    ZeroStream(long size) {
      this.left = size;
    }

    @Override
    public int read() {
      if (left <= 0) {
        return -1;
      }
      left--;
      return 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return len == 0 ? 0 : -1;
      }
      int n = (int) Math.min(len, left);
      java.util.Arrays.fill(b, off, off + n, (byte) 0);
      left -= n;
      return n;
    }
  }
}
