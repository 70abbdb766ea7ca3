package io.cairn.node.cli;

import java.io.IOException;
import java.io.OutputStream;
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

/**
 * Writes the entries {@link TarUnpacker} reads: files through a temporary file renamed into place,
 * directories, symlinks (never followed), and their modes and mtimes. What is in the way of a file
 * or symlink (a file, a symlink, an empty directory) is replaced; setuid and setgid bits from the
 * stream are never applied.
 */
final class TarEntryWriter {
  private static final int APPLIED_MODE_BITS = 01777;
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private Path file;
  private Path temp;
  private OutputStream out;

  /** Returns {@code name} if it is one safe path component. */
  static String checkName(String name) throws IOException {
    if (name.isEmpty()
        || name.equals(".")
        || name.equals("..")
        || name.indexOf('/') >= 0
        || name.indexOf('\0') >= 0) {
      throw new IOException(
          "tar entry named \"" + name + "\" could write outside the target; refusing to write it");
    }
    return name;
  }

  /** Checks that a path to go through is a directory, not a symlink to one. */
  static void requireDirectory(Path dir) throws IOException {
    if (Files.isSymbolicLink(dir)) {
      throw new IOException("cannot traverse symlinks: " + dir);
    }
    if (!Files.isDirectory(dir, NOFOLLOW)) {
      throw new IOException("cannot traverse non-directory objects: " + dir);
    }
  }

  void startFile(Path path) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    file = path;
    temp = Files.createTempFile(parent, ".cairn-get-", ".part");
    out = Files.newOutputStream(temp);
  }

  void data(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
  }

  void endFile(TarHeader h) throws IOException {
    out.close();
    out = null;
    removeExisting(file);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    temp = null;
    applyMetadata(file, h);
  }

  void directory(Path dir) throws IOException {
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      // checked below
    }
    if (!Files.isDirectory(dir, NOFOLLOW)) {
      throw new IOException(
          dir + " exists and is not a directory (a symlink is not followed); cannot write into it");
    }
  }

  void symlink(Path path, TarHeader h) throws IOException {
    if (h.linkName().isEmpty()) {
      throw new IOException("symlink " + h.name() + " has an empty target");
    }
    Path targetPath;
    try {
      targetPath = Path.of(h.linkName());
    } catch (InvalidPathException e) {
      throw new IOException(
          "symlink " + h.name() + " has a target this system cannot hold: " + e.getMessage(), e);
    }
    removeExisting(path);
    Files.createSymbolicLink(path, targetPath);
    FileTime t = FileTime.from(h.mtime());
    Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW).setTimes(t, t, null);
  }

  /** Sets the mode and mtime the stream gave an entry. */
  static void applyMetadata(Path path, TarHeader h) throws IOException {
    int mode = h.mode() & APPLIED_MODE_BITS;
    try {
      Files.setAttribute(path, "unix:mode", mode);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(rwx(mode)));
    }
    FileTime t = FileTime.from(h.mtime());
    Files.getFileAttributeView(path, BasicFileAttributeView.class).setTimes(t, t, null);
  }

  /** Drops a file left half written. */
  void abort() {
    try {
      if (out != null) {
        out.close();
      }
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      // nothing more to do; the failure that led here is what the user sees
    }
    out = null;
    temp = null;
  }

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

  private static String rwx(int mode) {
    StringBuilder b = new StringBuilder(9);
    for (int shift = 6; shift >= 0; shift -= 3) {
      b.append((mode >> shift & 4) != 0 ? 'r' : '-');
      b.append((mode >> shift & 2) != 0 ? 'w' : '-');
      b.append((mode >> shift & 1) != 0 ? 'x' : '-');
    }
    return b.toString();
  }
}
