package io.cairn.compute.wasm;

import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.ImportEntry;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  /** The root CID of the directory's tree. */
  static Cid importDirectory(Path dir, BlockStore blocks, ImportOptions options) {
    List<ImportEntry> entries = new ArrayList<>();
    entries.add(new ImportEntry.Directory(ROOT));
    collect(dir, ROOT, entries);
    return importAll(entries, blocks, options);
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

  private static void collect(Path dir, String prefix, List<ImportEntry> out) {
    List<Path> children;
    try (Stream<Path> list = Files.list(dir)) {
      children = list.sorted((a, b) -> VNode.compareNames(nameOf(a), nameOf(b))).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the scratch directory " + dir, e);
    }
    for (Path child : children) {
      String path = prefix + "/" + nameOf(child);
      if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        out.add(new ImportEntry.Directory(path));
        collect(child, path, out);
      } else if (Files.isSymbolicLink(child)) {
        out.add(new ImportEntry.Symlink(path, new VNode.HostSymlink(child).linkTarget()));
      } else if (Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
        out.add(
            new ImportEntry.File(
                path, () -> Files.newInputStream(child, LinkOption.NOFOLLOW_LINKS)));
      }
    }
  }
}
