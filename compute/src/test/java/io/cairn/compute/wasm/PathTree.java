package io.cairn.compute.wasm;

import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.ImportEntry;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The input {@code d} that the path tests (pathops.wat) run over: files, a subdirectory, and
 * symlinks that stay inside, lead out of the sandbox, or loop. Built as UnixFS for Cairn and as the
 * same tree on disk for node:wasi.
 */
final class PathTree {
  static final String NAME = "d";

  /** Directories (value null), files (their bytes) and symlinks ("-> target"), parents first. */
  private static final Map<String, String> TREE = new LinkedHashMap<>();

  static {
    TREE.put("a", null);
    TREE.put("a/x", "ax\n");
    TREE.put("b", "b\n");
    TREE.put("x", "x\n");
    TREE.put("link-b", "-> b");
    TREE.put("link-up", "-> ../in");
    TREE.put("link-abs-in", "-> /inputs/in");
    TREE.put("link-out", "-> /etc/hostname");
    TREE.put("link-esc", "-> ../../outside");
    TREE.put("link-dir", "-> a");
    TREE.put("link-outdir", "-> /etc");
    TREE.put("loop1", "-> loop2");
    TREE.put("loop2", "-> loop1");
  }

  private PathTree() {}

  /** The tree imported as a UnixFS directory. */
  static Cid importTo(BlockStore blocks) {
    List<ImportEntry> entries = new ArrayList<>();
    entries.add(new ImportEntry.Directory(NAME));
    TREE.forEach(
        (path, value) -> {
          String full = NAME + "/" + path;
          if (value == null) {
            entries.add(new ImportEntry.Directory(full));
          } else if (value.startsWith("-> ")) {
            entries.add(new ImportEntry.Symlink(full, value.substring(3)));
          } else {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            entries.add(new ImportEntry.File(full, () -> new ByteArrayInputStream(bytes)));
          }
        });
    return new UnixFsImporter(blocks, ImportOptions.defaults())
        .importEntries(entries.iterator(), ImportListener.NONE)
        .get(0)
        .cid();
  }

  /** The tree written under {@code dir/d}. */
  static void writeUnder(Path dir) throws IOException {
    Path root = Files.createDirectory(dir.resolve(NAME));
    for (Map.Entry<String, String> e : TREE.entrySet()) {
      Path p = root.resolve(e.getKey());
      if (e.getValue() == null) {
        Files.createDirectory(p);
      } else if (e.getValue().startsWith("-> ")) {
        Files.createSymbolicLink(p, Path.of(e.getValue().substring(3)));
      } else {
        Files.writeString(p, e.getValue());
      }
    }
  }
}
