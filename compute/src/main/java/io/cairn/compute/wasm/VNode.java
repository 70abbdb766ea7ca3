package io.cairn.compute.wasm;

import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.DirEntry;
import io.cairn.storage.unixfs.NoSuchLinkException;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A node of the job's virtual filesystem. {@code /inputs} is read from UnixFS in the block store
 * (nothing is copied: a file node holds only its CID and size); {@code /outputs} is a scratch
 * directory on the host. Every listing is sorted by name bytes, and no node exposes host metadata
 * (times, inode numbers), so what a module sees is the same on every node.
 */
sealed interface VNode {
  int FILETYPE_DIRECTORY = 3;
  int FILETYPE_REGULAR = 4;
  int FILETYPE_SYMLINK = 7;

  /** One entry of a listing. */
  record Entry(String name, int filetype) {}

  int filetype();

  long size();

  default boolean writable() {
    return false;
  }

  /** A symlink's target, else null. */
  default String linkTarget() {
    return null;
  }

  /** How many names the node has: more than one for a file hard-linked in {@code /outputs}. */
  default long nlink() {
    return 1;
  }

  /** The directory's entries sorted by name bytes; empty for files. */
  default List<Entry> list() {
    return List.of();
  }

  /** The child of that name, or null. */
  default VNode child(String name) {
    return null;
  }

  static int compareNames(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A node of an input, typed by what its root block says; a node that is no UnixFS ends the job
   * with {@code invalid-input}.
   */
  static VNode ofInput(UnixFsExporter exporter, Cid cid) {
    UnixFsNode stat = exporter.stat(cid);
    if (stat.kind().isFile()) {
      return new InputFile(exporter, cid, stat.size());
    }
    if (stat.kind() == UnixFsNode.Kind.DIRECTORY) {
      return new InputDir(exporter, cid, links(exporter, cid));
    }
    if (stat.kind().isDirectory()) {
      return new InputDir(exporter, cid, null);
    }
    if (stat.kind() == UnixFsNode.Kind.SYMLINK) {
      return new InputSymlink(stat.symlinkTarget());
    }
    throw new JobAbort(
        WasmOutcome.Kind.INVALID_INPUT,
        cid + " is not a UnixFS file, directory or symlink (it is " + stat.kind() + ")");
  }

  /** A flat directory's links by name, the first of a name kept (one block: a bounded table). */
  private static Map<String, Cid> links(UnixFsExporter exporter, Cid dir) {
    Map<String, Cid> links = new HashMap<>();
    try (Stream<DirEntry> entries = exporter.list(dir, false)) {
      entries.forEach(e -> links.putIfAbsent(e.name(), e.cid()));
    }
    return links;
  }

  /**
   * {@code /inputs}: one entry per input of the job, each node made once per job (a flat
   * directory's links are then read once, whatever the number of files opened in it).
   */
  record InputsRoot(UnixFsExporter exporter, Map<String, Cid> inputs, Map<String, VNode> nodes)
      implements VNode {
    InputsRoot(UnixFsExporter exporter, Map<String, Cid> inputs) {
      this(exporter, inputs, new ConcurrentHashMap<>());
    }

    @Override
    public int filetype() {
      return FILETYPE_DIRECTORY;
    }

    @Override
    public long size() {
      return 0;
    }

    @Override
    public List<Entry> list() {
      return inputs.keySet().stream()
          .sorted(VNode::compareNames)
          .map(n -> new Entry(n, child(n).filetype()))
          .toList();
    }

    @Override
    public VNode child(String name) {
      Cid cid = inputs.get(name);
      return cid == null ? null : nodes.computeIfAbsent(name, n -> ofInput(exporter, cid));
    }
  }

  /** A UnixFS file (dag-pb or raw), read lazily by ranges. */
  record InputFile(UnixFsExporter exporter, Cid cid, long size) implements VNode {
    @Override
    public int filetype() {
      return FILETYPE_REGULAR;
    }
  }

  /**
   * A UnixFS directory: flat with its {@code links} by name, or sharded ({@code links} null). Its
   * sorted listing is read once, at the first {@link #list}, and kept for the job: a module reads a
   * directory by many {@code fd_readdir} calls (one per buffer of entries), and listing a directory
   * reads its blocks and its entries' root blocks. Once listed, a sharded directory's children are
   * found in the listing, not by walking its shards again. Inputs never change, so nothing kept
   * goes stale; it is what one listing held anyway.
   */
  record InputDir(UnixFsExporter exporter, Cid cid, Map<String, Cid> links, Listed listed)
      implements VNode {
    InputDir(UnixFsExporter exporter, Cid cid, Map<String, Cid> links) {
      this(exporter, cid, links, new Listed());
    }

    /** The listing once read. */
    static final class Listed {
      private volatile List<Entry> entries;
      private volatile Map<String, Cid> byName;
    }

    @Override
    public int filetype() {
      return FILETYPE_DIRECTORY;
    }

    @Override
    public long size() {
      return 0;
    }

    @Override
    public List<Entry> list() {
      List<Entry> entries = listed.entries;
      if (entries != null) {
        return entries;
      }
      synchronized (listed) {
        if (listed.entries == null) {
          List<DirEntry> all;
          try (Stream<DirEntry> stream = exporter.list(cid, true)) {
            all = stream.filter(e -> VfsNames.valid(e.name())).toList();
          }
          Map<String, Cid> byName = new HashMap<>();
          all.forEach(e -> byName.putIfAbsent(e.name(), e.cid()));
          listed.byName = byName;
          listed.entries =
              all.stream()
                  .map(e -> new Entry(e.name(), filetypeOf(e.kind())))
                  .sorted((a, b) -> compareNames(a.name(), b.name()))
                  .toList();
        }
        return listed.entries;
      }
    }

    /** One link looked up, not the whole listing typed: a directory of n files is not n reads. */
    @Override
    public VNode child(String name) {
      if (!VfsNames.valid(name)) {
        return null;
      }
      Cid child;
      Map<String, Cid> byName = listed.byName;
      if (links != null) {
        child = links.get(name);
      } else if (byName != null) {
        child = byName.get(name);
      } else {
        try {
          child = exporter.resolve(cid, name);
        } catch (NoSuchLinkException e) {
          child = null;
        }
      }
      return child == null ? null : ofInput(exporter, child);
    }

    /** The same directory: what was listed so far does not count. */
    @Override
    public boolean equals(Object o) {
      return o instanceof InputDir d
          && exporter == d.exporter
          && cid.equals(d.cid)
          && Objects.equals(links, d.links);
    }

    @Override
    public int hashCode() {
      return cid.hashCode();
    }

    private static int filetypeOf(UnixFsNode.Kind kind) {
      if (kind.isDirectory()) {
        return FILETYPE_DIRECTORY;
      }
      return kind == UnixFsNode.Kind.SYMLINK ? FILETYPE_SYMLINK : FILETYPE_REGULAR;
    }
  }

  /**
   * A symlink stored in an input. It is listed and stat'ed as a symlink; {@link PathResolver}
   * follows it only where its target stays under the directory a path is resolved from, since a
   * target may point anywhere, out of the sandbox included.
   */
  record InputSymlink(String target) implements VNode {
    @Override
    public int filetype() {
      return FILETYPE_SYMLINK;
    }

    @Override
    public String linkTarget() {
      return target;
    }

    @Override
    public long size() {
      return target.getBytes(StandardCharsets.UTF_8).length;
    }
  }

  /**
   * A directory under {@code /outputs} on the host. Names are single segments, and the module's
   * symlinks are {@link HostSymlink}s that Cairn resolves itself, so nothing resolves out of it.
   */
  record HostDir(Path path) implements VNode {
    @Override
    public int filetype() {
      return FILETYPE_DIRECTORY;
    }

    @Override
    public long size() {
      return 0;
    }

    @Override
    public boolean writable() {
      return true;
    }

    @Override
    public List<Entry> list() {
      try (Stream<Path> children = Files.list(path)) {
        return children
            .map(
                p ->
                    new Entry(
                        ScratchNames.decode(p.getFileName().toString()), ofHost(p).filetype()))
            .sorted((a, b) -> compareNames(a.name(), b.name()))
            .toList();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list the scratch directory " + path, e);
      }
    }

    @Override
    public VNode child(String name) {
      Path p = pathOf(name);
      return Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? ofHost(p) : null;
    }

    /** Where the module's file {@code name} in this directory is on the host. */
    Path pathOf(String name) {
      return path.resolve(ScratchNames.encode(name));
    }

    static VNode ofHost(Path p) {
      if (Files.isSymbolicLink(p)) {
        return new HostSymlink(p);
      }
      return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? new HostDir(p) : new HostFile(p);
    }
  }

  /**
   * A directory of {@code /outputs} that was removed while a descriptor was open on it (by {@code
   * path_remove_directory}, or a rename over it): it is empty, and nothing can be made in it (as
   * Linux answers for an unlinked directory, {@link PathResolver} answers ENOENT). It names no host
   * path, so a directory made later at its old name is another one.
   */
  record RemovedDir() implements VNode {
    @Override
    public int filetype() {
      return FILETYPE_DIRECTORY;
    }

    @Override
    public long size() {
      return 0;
    }

    @Override
    public boolean writable() {
      return true;
    }
  }

  /** The attributes of a scratch entry itself, never of what a link there points to. */
  private static BasicFileAttributes attributes(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat the scratch entry " + p, e);
    }
  }

  /** Its number of links, from the host: only the module makes links in its scratch directory. */
  private static long nlinkOf(Path p) {
    try {
      return ((Number) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).longValue();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat the scratch entry " + p, e);
    }
  }

  /**
   * A symlink the module made under {@code /outputs}: a host symlink whose target is encoded to
   * resolve to nothing on the host ({@link ScratchNames#encodeLinkTarget}). {@link PathResolver}
   * follows it in the job's namespace, and only under the directory a path is resolved from.
   */
  record HostSymlink(Path path) implements VNode {
    @Override
    public int filetype() {
      return FILETYPE_SYMLINK;
    }

    @Override
    public long size() {
      return linkTarget().getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public boolean writable() {
      return true;
    }

    @Override
    public String linkTarget() {
      try {
        return ScratchNames.decodeLinkTarget(Files.readSymbolicLink(path).toString());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the scratch symlink " + path, e);
      }
    }

    @Override
    public long nlink() {
      return nlinkOf(path);
    }
  }

  /** A file under {@code /outputs} on the host. */
  record HostFile(Path path) implements VNode {
    @Override
    public int filetype() {
      return FILETYPE_REGULAR;
    }

    @Override
    public long size() {
      return attributes(path).size();
    }

    @Override
    public boolean writable() {
      return true;
    }

    @Override
    public long nlink() {
      return nlinkOf(path);
    }
  }
}
