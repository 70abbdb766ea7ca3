package io.cairn.storage.unixfs;

import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.codec.CodecException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Objects;

/**
 * Writes into a UnixFS file as Kubo's {@code ipfs files write} does (its {@code files.go}, boxo's
 * {@code mfs} file descriptor and {@code DagModifier}), so the new root has Kubo's CID: the file is
 * created as MFS creates it, truncated, then the input is written at the offset in 32 KiB writes,
 * as Go's {@code io.Copy} feeds it, and the result is the DagModifier's final node.
 *
 * <p>The 32 KiB writes are what Kubo sees when each read of its input is full. Its buffer is merged
 * into the DAG each time it passes 2 MiB, after whichever read took it there, so with short network
 * reads a Kubo daemon can cut the leaves of a larger write elsewhere; a write of at most 2 MiB
 * never depends on it.
 *
 * <p>Memory holds the 2 MiB write buffer and one path of nodes, whatever the file's size. Every
 * block read is hash-checked. On an error nothing is returned, so the caller's file keeps its old
 * root (blocks already stored are harmless); Kubo instead flushes what it had written.
 */
public final class FileWriter {
  /** Go's {@code io.Copy} buffer. */
  static final int COPY_BUFFER = 32 * 1024;

  /**
   * The written file.
   *
   * @param cid the file's new root
   * @param fileSize its size in bytes
   * @param dagSize the root block's size plus its links' Tsize ({@code files stat}'s cumulative
   *     size)
   */
  public record Written(Cid cid, long fileSize, long dagSize) {}

  private final BlockStore store;
  private final Clock clock;
  private final int maxLinks;

  public FileWriter(BlockStore store) {
    this(store, Clock.systemUTC());
  }

  /**
   * @param clock the time MFS sets as a file's new mtime when the file already has one
   */
  public FileWriter(BlockStore store, Clock clock) {
    this(store, clock, DagModifier.DEFAULT_MAX_LINKS);
  }

  FileWriter(BlockStore store, Clock clock, int maxLinks) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxLinks = maxLinks;
  }

  /**
   * Writes {@code data} into a file and returns its new root, with every block stored and synced.
   *
   * @param file the file's root, or null to create the file ({@code --create})
   * @param inherited the prefix a created file gets when the options name neither CID version nor
   *     hash: Kubo passes its {@code Import.CidVersion}/{@code Import.HashFunction} here (its
   *     {@code getPrefix}), and boxo's MFS falls back to the parent directory's ({@link
   *     CidPrefix#of} of the parent's CID) only without one; null for CIDv0 sha2-256
   * @throws IllegalArgumentException when the file is a directory, a symlink or not UnixFS, or a
   *     block would need an identity CID longer than 128 bytes
   * @throws io.cairn.storage.BlockNotFoundException when a block of the file is missing
   * @throws io.cairn.storage.CorruptBlockException when a block does not match its CID
   * @throws UncheckedIOException when the input cannot be read
   */
  public Written write(Cid file, CidPrefix inherited, FileWriteOptions options, InputStream data) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(data, "data");
    try (BlockBatcher batcher = new BlockBatcher(store)) {
      DagService dags = new DagService(store, batcher);
      DagNode node =
          file == null ? create(dags, newFilePrefix(options, inherited)) : open(dags, file);
      DagModifier dm = new DagModifier(node, dags, options.chunker(), clock, maxLinks);
      // boxo's mfs.NewFile: raw leaves for a CIDv1 file, unless the flag or the config says
      Boolean raw = options.effectiveRawLeaves();
      dm.setRawLeaves(raw != null ? raw : DagModifier.cidOf(node).version() > 0);
      if (options.truncate()) {
        dm.truncate(0);
      }
      dm.seek(options.offset());
      copy(data, options.count(), dm);
      DagNode root = dm.node();
      Cid cid = dags.add(root);
      batcher.flush();
      store.sync();
      return new Written(cid, DagService.fileSize(root), root.size());
    }
  }

  /**
   * Stores the empty file {@code files write --create} starts from (boxo {@code
   * NodeWithData(FilePBData(nil, 0))} with the prefix) and returns its CID.
   */
  public Cid createEmpty(CidPrefix prefix) {
    try (BlockBatcher batcher = new BlockBatcher(store)) {
      DagService dags = new DagService(store, batcher);
      Cid cid = DagModifier.cidOf(create(dags, Objects.requireNonNull(prefix, "prefix")));
      batcher.flush();
      store.sync();
      return cid;
    }
  }

  /** Kubo {@code getPrefix}, then {@code getFileHandle}'s fallback. */
  private static CidPrefix newFilePrefix(FileWriteOptions options, CidPrefix inherited) {
    CidPrefix flags = options.prefix();
    if (flags != null) {
      return flags;
    }
    return inherited != null ? inherited : CidPrefix.V0;
  }

  private static DagNode create(DagService dags, CidPrefix prefix) {
    DagNode.Proto empty = new DagNode.Proto(FsNode.create(FsNode.FILE).encode(), prefix);
    dags.add(empty);
    return empty;
  }

  /** Reads the file's root and checks it is a file, as {@code mfs.File.Open} does. */
  private static DagNode open(DagService dags, Cid file) {
    DagNode node = dags.get(file);
    if (node instanceof DagNode.Proto proto) {
      FsNode fsn;
      try {
        fsn = FsNode.decode(proto.data());
      } catch (CodecException e) {
        throw new IllegalArgumentException(
            file + " is not a UnixFS file: its data is not UnixFS (" + e.getMessage() + ")", e);
      }
      switch (fsn.type()) {
        case FsNode.FILE, FsNode.RAW -> {}
        case FsNode.DIRECTORY, FsNode.HAMT_SHARD ->
            throw new IllegalArgumentException(file + " is a directory, not a file");
        case FsNode.SYMLINK ->
            throw new IllegalArgumentException(file + " is a symlink: symlinks not yet supported");
        default ->
            throw new IllegalArgumentException(
                file + " is a UnixFS metadata node: unsupported fsnode type for 'file'");
      }
    }
    return node;
  }

  /** Go's {@code io.Copy} (of an {@code io.LimitReader} with a count): 32 KiB writes. */
  private static void copy(InputStream in, Long count, DagModifier dm) {
    long left = count == null ? Long.MAX_VALUE : count;
    byte[] buf = new byte[(int) Math.max(1, Math.min(COPY_BUFFER, left))];
    try {
      while (left > 0) {
        int n = in.readNBytes(buf, 0, (int) Math.min(buf.length, left));
        if (n == 0) {
          return;
        }
        dm.write(buf, 0, n);
        left -= n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the data to write: " + e.getMessage(), e);
    }
  }
}
