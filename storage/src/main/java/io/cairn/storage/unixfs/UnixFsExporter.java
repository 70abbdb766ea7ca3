package io.cairn.storage.unixfs;

import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.PbLink;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPOutputStream;

/**
 * Reads UnixFS DAGs out of a block store: stat, path resolution, file ranges, directory listings,
 * and writing trees to disk or as tar, with Kubo's semantics.
 *
 * <p>File reads fetch only the blocks that hold the bytes asked for and keep one path of nodes in
 * memory, whatever the file's size. Structural faults raise {@link CodecException}, missing blocks
 * {@link BlockNotFoundException}, bad arguments {@link IllegalArgumentException}; each names the
 * CID at fault. Blocks are trusted to match their CIDs: verifying is the block store's contract.
 * Instances are stateless and thread-safe.
 */
public final class UnixFsExporter {
  private final NodeLoader loader;
  private final DirectoryLister lister;
  private final Clock clock;

  public UnixFsExporter(BlockStore blocks) {
    this(blocks, Clock.systemUTC());
  }

  /**
   * @param clock supplies the mtime of tar entries whose nodes have none (Kubo uses the time of the
   *     request)
   */
  public UnixFsExporter(BlockStore blocks, Clock clock) {
    this.loader = new NodeLoader(Objects.requireNonNull(blocks, "blocks"));
    this.lister = new DirectoryLister(loader);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** What the node's root block says about it. */
  public UnixFsNode stat(Cid cid) {
    return loader.load(cid).stat();
  }

  /** The CID a path leads to. */
  public Cid resolve(IpfsPath path) {
    Cid current = path.root();
    for (String segment : path.segments()) {
      current = child(current, segment);
    }
    return current;
  }

  /**
   * The CID reached from {@code root} by a relative path such as {@code a/b} (cleaned as {@link
   * IpfsPath} cleans paths; "" is the root).
   *
   * @throws NoSuchLinkException when a segment names no link
   * @throws UnsupportedOperationException when the path goes through a node of a codec other than
   *     dag-pb and raw
   */
  public Cid resolve(Cid root, String path) {
    return resolve(new IpfsPath(root, IpfsPath.relativeSegments(path)));
  }

  private Cid child(Cid parent, String name) {
    if (parent.codec() == Multicodec.RAW.code()) {
      throw new NoSuchLinkException(name, parent); // a raw block has no links
    }
    if (parent.codec() != Multicodec.DAG_PB.code()) {
      throw new UnsupportedOperationException(
          "path resolution through "
              + Multicodec.nameOf(parent.codec())
              + " is not supported by this exporter (resolving "
              + GoQuote.quote(name)
              + " under "
              + parent
              + ")");
    }
    DecodedNode node = loader.load(parent);
    UnixFsNode.Kind kind = node.kind();
    PbLink found = null;
    if (kind == UnixFsNode.Kind.HAMT_DIRECTORY) {
      found = HamtShard.of(loader, node).find(name);
    } else if (kind == UnixFsNode.Kind.FILE || kind == UnixFsNode.Kind.SYMLINK) {
      throw new NoSuchLinkException(name, parent); // a file or a symlink has no named links
    } else {
      // A directory, or a dag-pb node that is not UnixFS: the first link of that name wins,
      // as the UnixFS spec asks of directories with duplicate names.
      for (PbLink link : node.links()) {
        if (name.equals(link.name())) {
          found = link;
          break;
        }
      }
    }
    if (found == null) {
      throw new NoSuchLinkException(name, parent);
    }
    return found.cid();
  }

  /**
   * Streams {@code length} bytes of a file from {@code offset}; {@code length < 0} reads to the
   * end, and a range past the end is clamped. Only the blocks holding the range are fetched, and
   * lazily, as the stream is read. Read errors are the unchecked exceptions of the class comment.
   *
   * @throws IllegalArgumentException for a negative offset or a node that is not a file
   */
  public InputStream open(Cid file, long offset, long length) {
    return FileStream.open(loader, loader.load(file), offset, length);
  }

  /** Writes a byte range of a file to {@code out}, as {@link #open} reads it. */
  public void cat(Cid file, long offset, long length, OutputStream out) {
    try (InputStream in = open(file, offset, length)) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the bytes of " + file + ": " + e, e);
    }
  }

  /**
   * The entries of a directory sorted by name bytes, as {@code ipfs ls} prints them. A sharded
   * directory is read whole before the first entry is returned (its links, not the children); use
   * {@link #listInDagOrder} to stream a large one. For a node that is not a directory the entries
   * are its links, unnamed for a file's chunks, as Kubo lists them.
   *
   * @param resolveTypes whether to fetch each dag-pb child for its kind, size, mode and mtime (the
   *     default of {@code ipfs ls}); when false only the links are read
   */
  public Stream<DirEntry> list(Cid dir, boolean resolveTypes) {
    List<PbLink> links = lister.sortedLinks(loader.load(dir));
    return links.stream().map(l -> lister.entry(l, resolveTypes));
  }

  /**
   * The entries of a directory in the order its blocks hold them (a sharded directory's in bucket
   * order, as {@code ipfs ls --stream} and the JS exporter give them), fetched lazily.
   */
  public Stream<DirEntry> listInDagOrder(Cid dir, boolean resolveTypes) {
    Iterator<PbLink> links = lister.links(loader.load(dir));
    Spliterator<PbLink> split =
        Spliterators.spliteratorUnknownSize(links, Spliterator.ORDERED | Spliterator.NONNULL);
    return StreamSupport.stream(split, false).map(l -> lister.entry(l, resolveTypes));
  }

  /**
   * Writes a file, symlink or directory tree to {@code target} as {@code ipfs get -o target} does;
   * a root file goes inside {@code target} as the root CID's text when {@code target} is an
   * existing directory.
   *
   * @throws IllegalArgumentException for an entry name that could escape the target ("", ".", "..",
   *     a '/' or NUL), or a node that is not a UnixFS file, directory or symlink
   * @throws UncheckedIOException when the file system refuses a write
   */
  public void get(Cid cid, Path target, GetListener listener) {
    get(cid, cid.toString(), target, listener);
  }

  /**
   * As {@link #get(Cid, Path, GetListener)}, with the name a root file or symlink takes inside an
   * existing target directory (Kubo's last path segment, {@link IpfsPath#lastName()}).
   */
  public void get(Cid cid, String rootName, Path target, GetListener listener) {
    new DiskWriter(loader, Objects.requireNonNull(listener, "listener"))
        .write(cid, rootName, target);
  }

  /**
   * Writes the tar stream that Kubo's {@code /api/v0/get} sends without options: the root entry
   * named {@code name}, PAX headers where needed to keep full paths and nanosecond mtimes.
   */
  public void writeTar(Cid cid, String name, OutputStream out) {
    writeArchive(cid, name, ArchiveOptions.TRANSPORT, out);
  }

  /**
   * Writes what Kubo's {@code /api/v0/get} answers for the given {@code archive} and compression
   * options; see {@link ArchiveOptions}. {@code out} is flushed, not closed.
   *
   * @throws IllegalArgumentException when compression without archive is asked of a directory
   */
  public void writeArchive(Cid cid, String name, ArchiveOptions options, OutputStream out) {
    DecodedNode root = loader.load(cid);
    try {
      if (!options.archive() && options.compressed()) {
        writeCompressedFile(root, options.compressionLevel(), out);
        return;
      }
      TarWriter.Format format = options.archive() ? TarWriter.Format.AUTO : TarWriter.Format.PAX;
      TarExporter tar = new TarExporter(loader, clock);
      if (options.compressed()) {
        try (GZIPOutputStream gzip = gzip(out, options.compressionLevel())) {
          tar.write(root, name, format, gzip);
        }
      } else {
        tar.write(root, name, format, out);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the archive of " + cid + ": " + e, e);
    }
  }

  private void writeCompressedFile(DecodedNode root, int level, OutputStream out)
      throws IOException {
    UnixFsNode.Kind kind = root.kind();
    if (!kind.isFile() && kind != UnixFsNode.Kind.SYMLINK) {
      throw new IllegalArgumentException(
          root.cid()
              + " is "
              + DecodedNode.describe(kind)
              + ", not a regular file: compression without an archive applies to one file only;"
              + " ask for an archive to get a compressed tar");
    }
    try (GZIPOutputStream gzip = gzip(out, level)) {
      if (kind == UnixFsNode.Kind.SYMLINK) {
        gzip.write(root.symlinkTarget().getBytes(StandardCharsets.UTF_8));
      } else {
        try (InputStream in = FileStream.open(loader, root, 0, -1)) {
          in.transferTo(gzip);
        }
      }
    }
    out.flush();
  }

  /**
   * A gzip stream at {@code level} over {@code out}; closing it finishes the gzip member and frees
   * the deflater but leaves {@code out} open.
   */
  private static GZIPOutputStream gzip(OutputStream out, int level) throws IOException {
    OutputStream keepOpen =
        new FilterOutputStream(out) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            out.flush();
          }
        };
    return new GZIPOutputStream(keepOpen, 64 * 1024) {
      {
        def.setLevel(level);
      }
    };
  }
}
