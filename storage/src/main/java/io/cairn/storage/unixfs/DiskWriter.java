package io.cairn.storage.unixfs;

import io.cairn.storage.Cid;
import io.cairn.storage.codec.PbLink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Writes a UnixFS file, symlink or directory tree to disk with the semantics of {@code ipfs get
 * -o}: a directory is written into the target (created, or merged into an existing directory); a
 * file or symlink becomes the target, or goes inside it under its own name when the target is an
 * existing directory. Existing files, symlinks and empty directories in the way are replaced.
 *
 * <p>Files are streamed into a temporary file beside their destination and renamed into place.
 * Directories get their mode and mtime after their children are written. Mode defaults to 0644 for
 * files and 0755 for directories when the node has none, as Kubo's extraction leaves them; setuid
 * and setgid bits are never applied to content from the network. Symlinks are created as recorded
 * and never followed: a symlink where a directory is expected is an error.
 */
final class DiskWriter {
  private static final int DEFAULT_FILE_MODE = 0644;
  private static final int DEFAULT_DIRECTORY_MODE = 0755;
  private static final int APPLIED_MODE_BITS = 01777;
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final NodeLoader loader;
  private final DirectoryLister lister;
  private final GetListener listener;
  private long written;

  DiskWriter(NodeLoader loader, GetListener listener) {
    this.loader = loader;
    this.lister = new DirectoryLister(loader);
    this.listener = listener;
  }

  void write(Cid cid, String rootName, Path target) {
    if (target.toAbsolutePath().normalize().equals(Path.of("/dev/null"))) {
      return; // as Kubo: getting to the null device writes nothing
    }
    DecodedNode root = loader.load(cid);
    try {
      if (root.kind().isDirectory()) {
        Files.createDirectories(target);
        requireDirectory(target);
        writeTree(root, target);
      } else {
        Path out = target;
        if (Files.isDirectory(target, NOFOLLOW)) {
          out = target.resolve(EntryNames.check(rootName, null));
        }
        writeLeaf(root, out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + cid + " to " + target + ": " + e, e);
    }
  }

  private record Pending(Path path, DecodedNode node, Iterator<PbLink> links) {}

  private void writeTree(DecodedNode root, Path dir) throws IOException {
    Deque<Pending> stack = new ArrayDeque<>();
    stack.push(new Pending(dir, root, lister.links(root)));
    while (!stack.isEmpty()) {
      Pending top = stack.peek();
      if (!top.links.hasNext()) {
        stack.pop();
        applyMetadata(top.path, top.node.stat(), DEFAULT_DIRECTORY_MODE);
        continue;
      }
      PbLink link = top.links.next();
      Path child = top.path.resolve(EntryNames.check(link.nameOrEmpty(), top.node.cid()));
      DecodedNode node = loader.load(link.cid());
      if (node.kind().isDirectory()) {
        makeDirectory(child);
        stack.push(new Pending(child, node, lister.links(node)));
      } else {
        writeLeaf(node, child);
      }
    }
  }

  private void writeLeaf(DecodedNode node, Path out) throws IOException {
    switch (node.kind()) {
      case FILE, RAW -> writeFile(node, out);
      case SYMLINK -> writeSymlink(node, out);
      default ->
          throw new IllegalArgumentException(
              "cannot write "
                  + out
                  + ": "
                  + node.cid()
                  + " is "
                  + DecodedNode.describe(node.kind())
                  + ", not a UnixFS file, directory or symlink");
    }
  }

  private void writeFile(DecodedNode node, Path out) throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(parent, ".cairn-get-", ".part");
    try {
      try (InputStream in = FileStream.open(loader, node, 0, -1);
          OutputStream file = Files.newOutputStream(temp)) {
        in.transferTo(new ProgressStream(file));
      }
      removeExisting(out);
      Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    applyMetadata(out, node.stat(), DEFAULT_FILE_MODE);
  }

  private void writeSymlink(DecodedNode node, Path out) throws IOException {
    String target = node.symlinkTarget();
    if (!node.links().isEmpty()) {
      throw node.malformed("is a symlink with links; a symlink must not have children");
    }
    Path targetPath;
    try {
      targetPath = Path.of(target);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "symlink " + node.cid() + " has a target this system cannot hold: " + e.getMessage(), e);
    }
    if (target.isEmpty()) {
      throw new IllegalArgumentException("symlink " + node.cid() + " has an empty target");
    }
    removeExisting(out);
    Files.createSymbolicLink(out, targetPath);
    if (node.unixfs().mtime() != null) {
      FileTime t = FileTime.from(node.unixfs().mtime());
      Files.getFileAttributeView(out, BasicFileAttributeView.class, NOFOLLOW).setTimes(t, t, null);
    }
  }

  private static void makeDirectory(Path dir) throws IOException {
    try {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      requireDirectory(dir);
    }
  }

  private static void requireDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir, NOFOLLOW)) {
      throw new IOException(
          dir + " exists and is not a directory (a symlink is not followed); cannot write into it");
    }
  }

  /** Makes way for a file or symlink: removes a file, a symlink or an empty directory. */
  private static void removeExisting(Path path) throws IOException {
    if (!Files.exists(path, NOFOLLOW)) {
      return;
    }
    if (!Files.isDirectory(path, NOFOLLOW)
        && !Files.isRegularFile(path, NOFOLLOW)
        && !Files.isSymbolicLink(path)) {
      throw new IOException(path + " exists and is not a file, symlink or directory; not replaced");
    }
    try {
      Files.delete(path);
    } catch (DirectoryNotEmptyException e) {
      throw new IOException(path + " is a non-empty directory; not replaced", e);
    }
  }

  private static void applyMetadata(Path path, UnixFsNode stat, int defaultMode)
      throws IOException {
    int mode = (stat.mode() == null ? defaultMode : stat.mode()) & APPLIED_MODE_BITS;
    try {
      Files.setAttribute(path, "unix:mode", mode);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(rwx(mode)));
    }
    if (stat.mtime() != null) {
      FileTime t = FileTime.from(stat.mtime());
      Files.getFileAttributeView(path, BasicFileAttributeView.class).setTimes(t, t, null);
    }
  }

  private static String rwx(int mode) {
    StringBuilder b = new StringBuilder(9);
    for (int shift = 6; shift >= 0; shift -= 3) {
      b.append((mode >> shift & 4) != 0 ? 'r' : '-');
      b.append((mode >> shift & 2) != 0 ? 'w' : '-');
      b.append((mode >> shift & 1) != 0 ? 'x' : '-');
    }
    return b.toString();
  }

  /** Counts bytes into the file and reports the running total. */
  private final class ProgressStream extends OutputStream {
    private final OutputStream out;

    ProgressStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      report(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      report(len);
    }

    private void report(int n) {
      written += n;
      listener.bytesWritten(written);
    }
  }
}
