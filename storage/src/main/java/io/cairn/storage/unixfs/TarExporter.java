package io.cairn.storage.unixfs;

import io.cairn.storage.codec.PbLink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Writes a UnixFS DAG as the tar stream Kubo's {@code get} produces (boxo's {@code TarWriter}): the
 * root under {@code name}, then a directory's entries depth-first in link order under {@code
 * parent/child} paths, "." and ".." in names resolved as boxo resolves them (an entry that would
 * leave the root is refused). Modes are the node's permission bits or 0644 (files), 0755
 * (directories); symlinks are always 0777, as boxo writes them. An entry without an mtime gets the
 * current time.
 */
final class TarExporter {
  private static final int DEFAULT_FILE_MODE = 0644;
  private static final int DEFAULT_DIRECTORY_MODE = 0755;
  private static final int SYMLINK_MODE = 0777;

  private final NodeLoader loader;
  private final DirectoryLister lister;
  private final Clock clock;

  TarExporter(NodeLoader loader, Clock clock) {
    this.loader = loader;
    this.lister = new DirectoryLister(loader);
    this.clock = clock;
  }

  void write(DecodedNode root, String name, TarWriter.Format format, OutputStream out)
      throws IOException {
    EntryNames.check(name, null);
    TarWriter tar = new TarWriter(out, format);
    if (!root.kind().isDirectory()) {
      writeLeaf(tar, root, name);
      tar.finish();
      return;
    }
    record Pending(String path, DecodedNode node, Iterator<PbLink> links) {}
    Deque<Pending> stack = new ArrayDeque<>();
    writeDirectoryHeader(tar, root, name);
    stack.push(new Pending(name, root, lister.links(root)));
    while (!stack.isEmpty()) {
      Pending top = stack.peek();
      if (!top.links.hasNext()) {
        stack.pop();
        continue;
      }
      PbLink link = top.links.next();
      String path = EntryNames.archivePath(name, top.path, link.nameOrEmpty(), top.node.cid());
      DecodedNode node = loader.load(link.cid());
      if (node.kind().isDirectory()) {
        writeDirectoryHeader(tar, node, path);
        stack.push(new Pending(path, node, lister.links(node)));
      } else {
        writeLeaf(tar, node, path);
      }
    }
    tar.finish();
  }

  private void writeDirectoryHeader(TarWriter tar, DecodedNode node, String path)
      throws IOException {
    UnixFsNode stat = node.stat();
    tar.header(
        path,
        TarWriter.TYPE_DIRECTORY,
        0,
        stat.mode() == null ? DEFAULT_DIRECTORY_MODE : stat.mode(),
        mtime(stat),
        "");
  }

  private void writeLeaf(TarWriter tar, DecodedNode node, String path) throws IOException {
    UnixFsNode stat = node.stat();
    switch (node.kind()) {
      case FILE, RAW -> {
        tar.header(
            path,
            TarWriter.TYPE_REGULAR,
            stat.size(),
            stat.mode() == null ? DEFAULT_FILE_MODE : stat.mode(),
            mtime(stat),
            "");
        try (InputStream in = FileStream.open(loader, node, 0, -1)) {
          in.transferTo(tar.body());
        }
      }
      case SYMLINK ->
          tar.header(
              path, TarWriter.TYPE_SYMLINK, 0, SYMLINK_MODE, mtime(stat), stat.symlinkTarget());
      default ->
          throw new IllegalArgumentException(
              "cannot archive "
                  + path
                  + ": "
                  + node.cid()
                  + " is "
                  + DecodedNode.describe(node.kind())
                  + ", not a UnixFS file, directory or symlink");
    }
  }

  private Instant mtime(UnixFsNode stat) {
    return stat.mtime() != null ? stat.mtime() : clock.instant();
  }
}
