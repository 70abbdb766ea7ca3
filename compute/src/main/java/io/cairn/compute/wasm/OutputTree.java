package io.cairn.compute.wasm;

import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.ImportEntry;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Imports a job's scratch files as UnixFS, streaming each file from disk, without modes or times,
 * so that the CIDs depend only on names and bytes. A symlink the module made is a UnixFS symlink
 * holding its target, as {@code ipfs add} stores one; a file with two names (a hard link) is two
 * entries, each the same file, so both name one CID.
 */
final class OutputTree {
  private static final String ROOT = "outputs";

  private OutputTree() {}

  /**
   * The root CID of the directory's tree, or empty where importing it costs more than {@code cap}
   * bytes: {@link FdCalls#ENTRY_BYTES} an entry, each symlink's target, and each file's bytes once
   * per name, since the import reads a hard-linked file by each of its names. The job was charged a
   * file's bytes once as it wrote them, so only a file hard-linked before it grew can make the tree
   * cost more than that.
   */
  static Optional<Cid> importDirectory(
      Path dir, BlockStore blocks, ImportOptions options, long cap) {
    List<ImportEntry> entries = new ArrayList<>();
    entries.add(new ImportEntry.Directory(ROOT));
    long[] cost = {0};
    collect(dir, ROOT, entries, cost);
    if (cost[0] > cap) {
      return Optional.empty();
    }
    return Optional.of(importAll(entries, blocks, options));
  }

  /** One file's CID. */
  static Cid importFile(Path file, BlockStore blocks, ImportOptions options) {
    ImportEntry entry =
        new ImportEntry.File(file.getFileName().toString(), () -> Files.newInputStream(file));
    return importAll(List.of(entry), blocks, options);
  }

  private static Cid importAll(List<ImportEntry> entries, BlockStore blocks, ImportOptions opts) {
    return new UnixFsImporter(blocks, opts)
        .importEntries(entries.iterator(), ImportListener.NONE)
        .get(0)
        .cid();
  }

  /** The module's name of a scratch file (see ScratchNames). */
  private static String nameOf(Path p) {
    return ScratchNames.decode(p.getFileName().toString());
  }

  /** A scratch entry still to visit, with its path in the output tree. */
  private record Pending(Path host, String path) {}

  /**
   * Appends the entries under {@code dir} depth first, each directory's sorted by name, adding what
   * each costs to {@code cost}. A stack of entries to visit, not recursion: a job can nest some
   * 2,000 directories (until their host paths reach PATH_MAX), more than a thread's stack holds.
   */
  private static void collect(Path dir, String prefix, List<ImportEntry> out, long[] cost) {
    Deque<Pending> pending = new ArrayDeque<>();
    pushChildren(dir, prefix, pending);
    while (!pending.isEmpty()) {
      Pending next = pending.pop();
      Path child = next.host();
      String path = next.path();
      BasicFileAttributes attributes = attributes(child);
      cost[0] += FdCalls.ENTRY_BYTES;
      if (attributes.isDirectory()) {
        out.add(new ImportEntry.Directory(path));
        pushChildren(child, path, pending);
      } else if (attributes.isSymbolicLink()) {
        String target = new VNode.HostSymlink(child).linkTarget();
        cost[0] += target.getBytes(StandardCharsets.UTF_8).length;
        out.add(new ImportEntry.Symlink(path, target));
      } else if (attributes.isRegularFile()) {
        cost[0] = saturatedAdd(cost[0], attributes.size());
        out.add(
            new ImportEntry.File(
                path, () -> Files.newInputStream(child, LinkOption.NOFOLLOW_LINKS)));
      }
    }
  }

  /** Pushes the directory's entries so that the first by name is popped first. */
  private static void pushChildren(Path dir, String prefix, Deque<Pending> pending) {
    List<Path> children;
    try (Stream<Path> list = Files.list(dir)) {
      children = list.sorted((a, b) -> VNode.compareNames(nameOf(b), nameOf(a))).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the scratch directory " + dir, e);
    }
    for (Path child : children) {
      pending.push(new Pending(child, prefix + "/" + nameOf(child)));
    }
  }

  /** The entry's own attributes, never those of what a link there points to. */
  private static BasicFileAttributes attributes(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat the scratch entry " + p, e);
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
