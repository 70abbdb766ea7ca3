package io.cairn.storage.unixfs;

import io.cairn.storage.Cid;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One import: places entries in their directories, writes files and symlinks as they come, and
 * writes each top-level directory when the entries under it end, reporting in Kubo's order. As Kubo
 * adds each top-level entry on its own, a top-level name that comes back after other entries starts
 * one more top-level entry of that name (boxo's multipart reader makes one of it for Kubo).
 */
final class ImportSession {
  private static final long PROGRESS_STEP = 256 * 1024;

  private final ImportOptions options;
  private final NodeWriter writer;
  private final ImportListener listener;
  private final DirectoryBuilder.Settings dirSettings;
  private final List<AddedEntry> roots = new ArrayList<>();
  private final DirectoryBuilder wrapper;
  private String currentName;
  private DirectoryBuilder current;

  ImportSession(ImportOptions options, NodeWriter writer, ImportListener listener) {
    this.options = options;
    this.writer = writer;
    this.listener = listener;
    this.dirSettings =
        new DirectoryBuilder.Settings(
            options.shardStrategy(),
            options.shardThresholdBytes(),
            options.hamtFanout(),
            options.emptyDirs(),
            writer);
    this.wrapper = options.wrapWithDirectory() ? new DirectoryBuilder("", true) : null;
  }

  void add(ImportEntry entry) {
    String[] parts = entry.path().split("/");
    String name = parts[parts.length - 1];
    DirectoryBuilder parent;
    if (wrapper != null) {
      parent = wrapper;
    } else {
      String top = parts[0];
      if (!top.equals(currentName)) {
        finishTopLevel();
        currentName = top;
      }
      if (parts.length == 1) {
        addTopLevel(entry);
        return;
      }
      if (current == null) {
        if (!roots.isEmpty() && roots.get(roots.size() - 1).path().equals(top)) {
          throw new IllegalArgumentException(
              "import entry '" + top + "' is a file, not a directory");
        }
        current = new DirectoryBuilder(top, true);
      }
      parent = current;
    }
    for (int i = wrapper != null ? 0 : 1; i < parts.length - 1; i++) {
      parent = parent.subdirectory(parts[i]);
    }
    switch (entry) {
      case ImportEntry.Directory d -> parent.subdirectory(name).setMetadata(metadata(d));
      case ImportEntry.File f -> {
        requireFree(parent, name);
        FileDagBuilder.Link link = importFile(f, metadata(f));
        parent.add(name, link.cid(), link.tsize());
        listener.added(new AddedEntry(f.path(), link.cid(), link.tsize()));
      }
      case ImportEntry.Symlink l -> {
        requireFree(parent, name);
        FileDagBuilder.Link link = symlink(l);
        parent.add(name, link.cid(), link.tsize());
        listener.added(new AddedEntry(l.path(), link.cid(), link.tsize()));
      }
    }
  }

  /** Imports a stream as a file named {@code name}, or by its CID when the name is blank. */
  AddedEntry addStream(String name, InputStream in) {
    String path = name == null || name.isBlank() ? "" : name;
    FileDagBuilder.Link link =
        writeFile(path, in, new FileDagBuilder.Metadata(options.mode(), options.mtime()));
    if (path.isEmpty()) {
      path = link.cid().toString();
    }
    AddedEntry added = new AddedEntry(path, link.cid(), link.tsize());
    listener.added(added);
    if (wrapper == null) {
      return added;
    }
    wrapper.add(path, link.cid(), link.tsize());
    return finish().get(0);
  }

  /** Writes what is still open and returns the top-level entries. */
  List<AddedEntry> finish() {
    if (wrapper != null) {
      wrapper.write(dirSettings);
      wrapper.report(listener::added);
      roots.add(new AddedEntry("", wrapper.cid(), wrapper.size()));
    } else {
      finishTopLevel();
    }
    return List.copyOf(roots);
  }

  private void addTopLevel(ImportEntry entry) {
    switch (entry) {
      case ImportEntry.Directory d -> {
        if (current == null) {
          current = new DirectoryBuilder(d.path(), true);
        }
        current.setMetadata(metadata(d));
      }
      case ImportEntry.File f -> {
        requireNoTopLevelDirectory(f.path());
        FileDagBuilder.Link link = importFile(f, metadata(f));
        addRoot(new AddedEntry(f.path(), link.cid(), link.tsize()));
      }
      case ImportEntry.Symlink l -> {
        requireNoTopLevelDirectory(l.path());
        FileDagBuilder.Link link = symlink(l);
        addRoot(new AddedEntry(l.path(), link.cid(), link.tsize()));
      }
    }
  }

  private void requireNoTopLevelDirectory(String path) {
    if (current != null || (!roots.isEmpty() && roots.get(roots.size() - 1).path().equals(path))) {
      throw new IllegalArgumentException("import entry '" + path + "' comes twice");
    }
  }

  private void addRoot(AddedEntry added) {
    listener.added(added);
    roots.add(added);
  }

  private void finishTopLevel() {
    if (current != null) {
      current.write(dirSettings);
      current.report(listener::added);
      roots.add(new AddedEntry(current.path(), current.cid(), current.size()));
      current = null;
    }
  }

  private static void requireFree(DirectoryBuilder parent, String name) {
    if (parent.has(name)) {
      throw new IllegalArgumentException(
          "import entry '" + DirectoryBuilder.join(parent.path(), name) + "' comes twice");
    }
  }

  private FileDagBuilder.Metadata metadata(ImportEntry e) {
    return new FileDagBuilder.Metadata(
        options.preserveMode() ? e.mode() : options.mode(),
        options.preserveMtime() ? e.mtime() : options.mtime());
  }

  private FileDagBuilder.Link symlink(ImportEntry.Symlink l) {
    // Kubo stores a symlink's mtime but not its mode.
    UnixFsData data =
        UnixFsData.symlink(l.target().getBytes(StandardCharsets.UTF_8))
            .withMetadata(null, options.preserveMtime() ? l.mtime() : options.mtime());
    byte[] block = DagPb.encode(new PbNode(List.of(), data.encode()));
    Cid cid = writer.dagPb(block);
    return new FileDagBuilder.Link(cid, block.length, 0);
  }

  private FileDagBuilder.Link importFile(ImportEntry.File f, FileDagBuilder.Metadata metadata) {
    try (InputStream in = f.content().open()) {
      return writeFile(f.path(), in, metadata, f.source());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read '" + f.path() + "': " + e.getMessage(), e);
    }
  }

  private FileDagBuilder.Link writeFile(
      String path, InputStream in, FileDagBuilder.Metadata metadata) {
    return writeFile(path, in, metadata, null);
  }

  /**
   * @param source where the bytes lie, on disk or on the web, for raw leaves to reference ({@code
   *     --nocopy}); null for none
   */
  private FileDagBuilder.Link writeFile(
      String path, InputStream in, FileDagBuilder.Metadata metadata, URI source) {
    boolean raw = options.effectiveRawLeaves();
    ChunkerSpec spec = options.chunker();
    boolean framed = !raw && spec.kind() == ChunkerSpec.Kind.FIXED;
    try (ChunkReadAhead chunker =
        new ChunkReadAhead(
            Chunker.create(
                spec,
                in,
                framed ? FileDagBuilder.leafHeader(spec.size()) : 0,
                framed ? FileDagBuilder.leafTrailer(spec.size()) : 0))) {
      return writeFile(path, chunker, raw, metadata, source);
    }
  }

  private FileDagBuilder.Link writeFile(
      String path, Chunker chunker, boolean raw, FileDagBuilder.Metadata metadata, URI source) {
    long[] reported = {0};
    FileDagBuilder db =
        new FileDagBuilder(
            chunker,
            writer,
            raw,
            options.maxLinks(),
            bytes -> {
              if (bytes - reported[0] >= PROGRESS_STEP) {
                reported[0] = bytes;
                listener.progress(path, bytes);
              }
            });
    if (source != null) {
      db.fromFile(source);
    }
    FileDagBuilder.Link link;
    try {
      FileDagBuilder.Node root =
          options.layout() == ImportOptions.Layout.TRICKLE
              ? TrickleLayout.layout(db)
              : BalancedLayout.layout(db);
      link = root.write(metadata);
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException(
          "cannot read '" + path + "': " + e.getCause().getMessage(), e.getCause());
    }
    if (reported[0] != db.bytesRead() || db.bytesRead() == 0) {
      listener.progress(path, db.bytesRead());
    }
    return link;
  }
}
