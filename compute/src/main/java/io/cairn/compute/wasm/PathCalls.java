package io.cairn.compute.wasm;

import static io.cairn.compute.wasm.WasiErrno.EEXIST;
import static io.cairn.compute.wasm.WasiErrno.EILSEQ;
import static io.cairn.compute.wasm.WasiErrno.EINVAL;
import static io.cairn.compute.wasm.WasiErrno.EIO;
import static io.cairn.compute.wasm.WasiErrno.EISDIR;
import static io.cairn.compute.wasm.WasiErrno.ELOOP;
import static io.cairn.compute.wasm.WasiErrno.ENAMETOOLONG;
import static io.cairn.compute.wasm.WasiErrno.ENOENT;
import static io.cairn.compute.wasm.WasiErrno.ENOTCAPABLE;
import static io.cairn.compute.wasm.WasiErrno.ENOTDIR;
import static io.cairn.compute.wasm.WasiErrno.ENOTEMPTY;
import static io.cairn.compute.wasm.WasiErrno.EOVERFLOW;
import static io.cairn.compute.wasm.WasiErrno.EPERM;
import static io.cairn.compute.wasm.WasiErrno.EROFS;
import static io.cairn.compute.wasm.WasiErrno.ESUCCESS;
import static io.cairn.compute.wasm.WasiErrno.EXDEV;

import com.dylibso.chicory.runtime.Memory;
import io.cairn.compute.wasm.PathResolver.Resolved;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * The {@code path_*} calls: paths resolved by {@link PathResolver} under a directory descriptor
 * that holds the call's right (else ENOTCAPABLE), {@code /inputs} read-only (EROFS, as a read-only
 * mount answers), {@code /outputs} on the job's scratch directory. {@code path_open} gives the new
 * descriptor the rights it asked for within what its type and access mode allow, as uvwasi does: a
 * file opened without {@code fd_write} cannot be written.
 */
final class PathCalls {
  private static final int LOOKUP_SYMLINK_FOLLOW = 1;
  private static final int OFLAG_CREAT = 1;
  private static final int OFLAG_DIRECTORY = 2;
  private static final int OFLAG_EXCL = 4;
  private static final int OFLAG_TRUNC = 8;
  private static final int FDFLAG_APPEND = 1;
  private static final int FDFLAG_DSYNC = 2;
  private static final int FDFLAG_RSYNC = 8;
  private static final int FDFLAG_SYNC = 16;

  /** Every fdflag WASI defines: APPEND, DSYNC, NONBLOCK, RSYNC, SYNC. */
  private static final int FDFLAGS = 0x1f;

  private final FdTable fds;

  /**
   * Charges a created file, directory or link against the output cap, with the bytes it holds from
   * the start (a symlink's target); it may end the job.
   */
  private final LongConsumer chargeEntry;

  PathCalls(FdTable fds, LongConsumer chargeEntry) {
    this.fds = fds;
    this.chargeEntry = chargeEntry;
  }

  /**
   * Resolves the path at {@code ptr} under descriptor {@code fd}, which must hold {@code right}.
   */
  private Resolved at(Memory m, long fd, long right, long ptr, long len, boolean followLast) {
    int errno = fds.check(fd, right, 0);
    if (errno != ESUCCESS) {
      return Resolved.error(errno);
    }
    if (!(fds.get(fd) instanceof OpenFd.Dir dir)) {
      return Resolved.error(ENOTDIR);
    }
    return resolve(m, dir, ptr, len, followLast);
  }

  /**
   * Resolves the path of {@code len} bytes at {@code ptr}: EOVERFLOW when it lies outside the
   * memory, ENAMETOOLONG past {@link PathResolver#PATH_MAX} bytes (before it is copied).
   */
  private static Resolved resolve(Memory m, OpenFd.Dir dir, long ptr, long len, boolean follow) {
    long p = GuestMemory.u32(ptr);
    long n = GuestMemory.u32(len);
    if (!GuestMemory.inBounds(m, p, n)) {
      return Resolved.error(EOVERFLOW);
    }
    if (n > PathResolver.PATH_MAX) {
      return Resolved.error(ENAMETOOLONG);
    }
    return PathResolver.resolve(dir, m.readBytes((int) p, (int) n), follow);
  }

  /**
   * The errno for what the host's file system refused in the scratch directory, as the call would
   * return it on Linux; EIO when the exception names no such cause.
   */
  static int errnoOf(IOException e) {
    if (e instanceof NoSuchFileException) {
      return ENOENT;
    }
    if (e instanceof FileAlreadyExistsException) {
      return EEXIST;
    }
    if (e instanceof DirectoryNotEmptyException) {
      return ENOTEMPTY;
    }
    if (e instanceof NotDirectoryException) {
      return ENOTDIR;
    }
    String reason = e instanceof FileSystemException f ? f.getReason() : null;
    if (reason == null) {
      return EIO;
    }
    return switch (reason) {
      case "File name too long" -> ENAMETOOLONG;
      case "Is a directory" -> EISDIR;
      case "Not a directory" -> ENOTDIR;
      case "Directory not empty" -> ENOTEMPTY;
      case "File exists" -> EEXIST;
      case "Invalid argument" -> EINVAL;
      case "No such file or directory" -> ENOENT;
      default -> EIO;
    };
  }

  private static boolean follows(long dirflags) {
    return (dirflags & LOOKUP_SYMLINK_FOLLOW) != 0;
  }

  int filestatGet(Memory m, long[] a) {
    Resolved r = at(m, a[0], WasiRights.PATH_FILESTAT_GET, a[2], a[3], follows(a[1]));
    if (!r.ok()) {
      return r.errno();
    }
    if (r.node() == null) {
      return ENOENT;
    }
    FdCalls.filestat(m, (int) a[4], r.node().filetype(), r.node().size(), r.node().nlink());
    return ESUCCESS;
  }

  /**
   * {@code path_filestat_set_times}: times are not kept, so only whether the path is there. The
   * flags are checked once the descriptor holds the right, before the path: as uvwasi.
   */
  int setTimes(Memory m, long[] a) {
    int errno = fds.check(a[0], WasiRights.PATH_FILESTAT_SET_TIMES, 0);
    if (errno == ESUCCESS && !FdCalls.validTimeFlags(a[6])) {
      return EINVAL;
    }
    Resolved r = at(m, a[0], WasiRights.PATH_FILESTAT_SET_TIMES, a[2], a[3], follows(a[1]));
    return !r.ok() ? r.errno() : r.node() == null ? ENOENT : ESUCCESS;
  }

  int open(Memory m, long[] a) {
    int oflags = (int) a[4];
    long base = a[5];
    long inheriting = a[6];
    int fdflags = (int) a[7];
    boolean read = (base & WasiRights.READING) != 0;
    boolean write = (base & WasiRights.WRITING) != 0;
    boolean create = (oflags & OFLAG_CREAT) != 0;
    boolean truncate = (oflags & OFLAG_TRUNC) != 0;
    boolean append = (fdflags & FDFLAG_APPEND) != 0;
    long neededBase = WasiRights.PATH_OPEN;
    neededBase |= create ? WasiRights.PATH_CREATE_FILE : 0;
    neededBase |= truncate ? WasiRights.PATH_FILESTAT_SET_SIZE : 0;
    long neededInheriting = base | inheriting;
    neededInheriting |= (fdflags & FDFLAG_DSYNC) != 0 ? WasiRights.FD_DATASYNC : 0;
    neededInheriting |= (fdflags & (FDFLAG_RSYNC | FDFLAG_SYNC)) != 0 ? WasiRights.FD_SYNC : 0;
    neededInheriting |= write && !append && !truncate ? WasiRights.FD_SEEK : 0;
    int errno = fds.check(a[0], neededBase, neededInheriting);
    if (errno != ESUCCESS) {
      return errno;
    }
    if (!(fds.get(a[0]) instanceof OpenFd.Dir dir)) {
      return ENOTDIR;
    }
    // The last name is followed only with LOOKUP_SYMLINK_FOLLOW, as wasmtime's O_NOFOLLOW.
    Resolved r = resolve(m, dir, a[2], a[3], follows(a[1]));
    if (!r.ok()) {
      return r.errno();
    }
    VNode node = r.node();
    if (node == null) {
      if (!create) {
        return ENOENT;
      }
      if (r.trailingSlash()) {
        return EISDIR;
      }
      if (!r.parent().writable()) {
        return EROFS;
      }
      Path created = ((VNode.HostDir) r.parent()).pathOf(r.name());
      chargeEntry.accept(0);
      try {
        Files.createFile(created);
      } catch (IOException e) {
        return errnoOf(e);
      }
      node = new VNode.HostFile(created);
    } else if (create && (oflags & OFLAG_EXCL) != 0) {
      return EEXIST;
    } else if (node.filetype() == VNode.FILETYPE_SYMLINK) {
      return ELOOP; // a link not followed cannot be opened, as open(2) with O_NOFOLLOW
    }
    boolean directory = node.filetype() == VNode.FILETYPE_DIRECTORY;
    long fdBase = base & WasiRights.maxBase(directory, read, write);
    long fdInheriting = inheriting & WasiRights.maxInheriting(directory);
    if (directory) {
      if (write || truncate || create) {
        return EISDIR;
      }
      return install(m, a[8], new OpenFd.Dir(node, r.path(), false), fdBase, fdInheriting, fdflags);
    }
    if ((oflags & OFLAG_DIRECTORY) != 0) {
      return ENOTDIR;
    }
    if (node instanceof VNode.InputFile in) {
      if (write || truncate) {
        return EROFS;
      }
      return install(m, a[8], new OpenFd.Input(in), fdBase, fdInheriting, fdflags);
    }
    VNode.HostFile file = (VNode.HostFile) node;
    Set<OpenOption> options = new HashSet<>(List.of(StandardOpenOption.READ));
    options.add(LinkOption.NOFOLLOW_LINKS);
    if (write || truncate) {
      options.add(StandardOpenOption.WRITE);
    }
    if (truncate) {
      options.add(StandardOpenOption.TRUNCATE_EXISTING);
    }
    try {
      FileChannel channel = FileChannel.open(file.path(), options);
      OpenFd.Output out = new OpenFd.Output(file, channel, append, write);
      return install(m, a[8], out, fdBase, fdInheriting, fdflags);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the scratch file " + file.path(), e);
    }
  }

  /** Adds the descriptor, keeping the fdflags WASI defines that it was opened with. */
  private int install(Memory m, long fdPtr, OpenFd fd, long base, long inheriting, int fdflags) {
    m.writeI32((int) fdPtr, fds.allocate(fd, base, inheriting, fdflags & FDFLAGS));
    return ESUCCESS;
  }

  int createDirectory(Memory m, long[] a) {
    Resolved bare = withoutTrailingSlashes(m, a[0], WasiRights.PATH_CREATE_DIRECTORY, a[1], a[2]);
    if (bare != null && bare.node() != null && bare.node().linkTarget() != null) {
      return EEXIST; // "link/": the name is taken, as mkdir(2) answers; its target is not made
    }
    Resolved r = at(m, a[0], WasiRights.PATH_CREATE_DIRECTORY, a[1], a[2], false);
    if (r.errno() == ENOTDIR && bare != null && bare.ok() && bare.node() != null) {
      return EEXIST; // "file/": the name is taken, as mkdir(2) answers
    }
    if (!r.ok()) {
      return r.errno();
    }
    if (r.node() != null) {
      return EEXIST;
    }
    if (!r.parent().writable()) {
      return EROFS;
    }
    chargeEntry.accept(0);
    try {
      Files.createDirectory(((VNode.HostDir) r.parent()).pathOf(r.name()));
    } catch (IOException e) {
      return errnoOf(e);
    }
    return ESUCCESS;
  }

  /**
   * The path without its trailing slashes, its last name not followed; null when it has none (or
   * lies outside the memory).
   */
  private Resolved withoutTrailingSlashes(Memory m, long fd, long right, long ptr, long len) {
    long n = GuestMemory.u32(len);
    if (!GuestMemory.inBounds(m, GuestMemory.u32(ptr), n)) {
      return null;
    }
    while (n > 1 && m.read((int) (GuestMemory.u32(ptr) + n - 1)) == '/') {
      n--;
    }
    if (n == GuestMemory.u32(len)) {
      return null;
    }
    return at(m, fd, right, ptr, n, false);
  }

  /**
   * Whether the path names a symlink followed by '/': the link would be followed to its target,
   * where the call must act on the name itself ({@code rmdir("link/")} is ENOTDIR on Linux).
   */
  private boolean linkWithTrailingSlash(Memory m, long fd, long right, long ptr, long len) {
    Resolved bare = withoutTrailingSlashes(m, fd, right, ptr, len);
    return bare != null && bare.node() != null && bare.node().linkTarget() != null;
  }

  /** {@code path_remove_directory} when {@code directory}, else {@code path_unlink_file}. */
  int remove(Memory m, long[] a, boolean directory) {
    long right = directory ? WasiRights.PATH_REMOVE_DIRECTORY : WasiRights.PATH_UNLINK_FILE;
    Resolved r = at(m, a[0], right, a[1], a[2], false);
    if (!r.ok()) {
      return r.errno();
    }
    if (linkWithTrailingSlash(m, a[0], right, a[1], a[2])) {
      return ENOTDIR;
    }
    if (r.node() == null) {
      return ENOENT;
    }
    if (!r.node().writable() || r.name().isEmpty()) {
      return r.node().writable() ? ENOTCAPABLE : EROFS;
    }
    boolean isDir = r.node().filetype() == VNode.FILETYPE_DIRECTORY;
    if (isDir != directory) {
      return directory ? ENOTDIR : EISDIR;
    }
    if (isDir && !r.node().list().isEmpty()) {
      return ENOTEMPTY;
    }
    Path removed = ((VNode.HostDir) r.parent()).pathOf(r.name());
    boolean otherNames = !isDir && r.node().nlink() > 1;
    try {
      Files.delete(removed);
    } catch (IOException e) {
      return errnoOf(e);
    }
    fds.removed(removed, otherNames);
    return ESUCCESS;
  }

  /**
   * {@code path_rename} as Linux's rename(2): a file onto a directory is EISDIR, a directory onto a
   * file or a file to a name with a trailing slash ENOTDIR, onto a directory that is not empty
   * ENOTEMPTY, into its own subtree EINVAL; otherwise the target, if any, is replaced. Descriptors
   * open on the entry or under it follow it; those open on the entry replaced keep what it was.
   */
  int rename(Memory m, long[] a) {
    Resolved from = at(m, a[0], WasiRights.PATH_RENAME_SOURCE, a[1], a[2], false);
    Resolved to = at(m, a[3], WasiRights.PATH_RENAME_TARGET, a[4], a[5], false);
    if (!from.ok() || !to.ok()) {
      return !from.ok() ? from.errno() : to.errno();
    }
    if (linkWithTrailingSlash(m, a[0], WasiRights.PATH_RENAME_SOURCE, a[1], a[2])
        || linkWithTrailingSlash(m, a[3], WasiRights.PATH_RENAME_TARGET, a[4], a[5])) {
      return ENOTDIR;
    }
    if (from.node() == null) {
      return ENOENT;
    }
    if (!from.parent().writable() || !to.parent().writable()) {
      return EROFS;
    }
    if (from.name().isEmpty() || to.name().isEmpty()) {
      return ENOTCAPABLE;
    }
    boolean fromDir = from.node().filetype() == VNode.FILETYPE_DIRECTORY;
    if (!fromDir && (from.trailingSlash() || to.trailingSlash())) {
      return ENOTDIR;
    }
    if (from.path().equals(to.path())) {
      return ESUCCESS;
    }
    if (fromDir && to.path().startsWith(from.path() + "/")) {
      return EINVAL;
    }
    if (to.node() != null) {
      boolean toDir = to.node().filetype() == VNode.FILETYPE_DIRECTORY;
      if (toDir != fromDir) {
        return toDir ? EISDIR : ENOTDIR;
      }
      if (toDir && !to.node().list().isEmpty()) {
        return ENOTEMPTY;
      }
    }
    Path source = ((VNode.HostDir) from.parent()).pathOf(from.name());
    Path target = ((VNode.HostDir) to.parent()).pathOf(to.name());
    boolean replaced = to.node() != null;
    boolean otherNames = replaced && !fromDir && to.node().nlink() > 1;
    try {
      if (fromDir && !fitsOnHost(source, target)) {
        return ENAMETOOLONG;
      }
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      return errnoOf(e);
    }
    // Two names of one file: rename(2) leaves both, and every descriptor as it was.
    if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
      if (replaced) {
        fds.removed(target, otherNames);
      }
      fds.moved(source, target, to.path());
    }
    return ESUCCESS;
  }

  /**
   * Whether every entry of the directory at {@code source} keeps a host path shorter than {@link
   * PathResolver#PATH_MAX} bytes once it is at {@code target}. Linux would move it deeper, but
   * Cairn names scratch entries by their full host paths: a longer one could not be listed,
   * imported nor deleted after the job. Only a move deeper needs the tree walked.
   */
  private static boolean fitsOnHost(Path source, Path target) throws IOException {
    long deeper = bytes(target) - bytes(source);
    if (deeper <= 0) {
      return true;
    }
    try (Stream<Path> tree = Files.walk(source)) { // never follows a link
      return tree.allMatch(p -> bytes(p) + deeper < PathResolver.PATH_MAX);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static long bytes(Path p) {
    return p.toString().getBytes(StandardCharsets.UTF_8).length;
  }

  int readlink(Memory m, long[] a) {
    Resolved r = at(m, a[0], WasiRights.PATH_READLINK, a[1], a[2], false);
    if (!r.ok()) {
      return r.errno();
    }
    if (r.node() == null || r.node().linkTarget() == null) {
      return r.node() == null ? ENOENT : EINVAL;
    }
    byte[] target = r.node().linkTarget().getBytes(StandardCharsets.UTF_8);
    int n = (int) Math.min(target.length, a[4]);
    m.write((int) a[3], target, 0, n);
    m.writeI32((int) a[5], n);
    return ESUCCESS;
  }

  /**
   * {@code path_symlink}: a link at the new path, in {@code /outputs}, to the target as given. A
   * target with a root is EPERM, as wasmtime refuses it (cap-std: a link must not lead out of the
   * sandbox, even for a program that is not the job); one that leads out by ".." is made, as
   * wasmtime makes it, and never followed out ({@link PathResolver}). An existing name is EEXIST, a
   * missing one with a trailing slash ENOENT, as symlink(2) answers.
   */
  int symlink(Memory m, long[] a) {
    Resolved r = at(m, a[2], WasiRights.PATH_SYMLINK, a[3], a[4], false);
    if (!r.ok()) {
      return r.errno();
    }
    long p = GuestMemory.u32(a[0]);
    long n = GuestMemory.u32(a[1]);
    if (!GuestMemory.inBounds(m, p, n)) {
      return EOVERFLOW;
    }
    if (n > PathResolver.PATH_MAX) {
      return ENAMETOOLONG;
    }
    byte[] raw = m.readBytes((int) p, (int) n);
    int len = raw.length > 0 && raw[raw.length - 1] == 0 ? raw.length - 1 : raw.length;
    for (int i = 0; i < len; i++) {
      if (raw[i] == 0) {
        return EINVAL;
      }
    }
    String target = PathResolver.utf8(raw, len);
    if (target == null) {
      return EILSEQ;
    }
    if (target.isEmpty()) {
      return ENOENT;
    }
    if (target.startsWith("/")) {
      return EPERM;
    }
    int errno = newName(m, r, a[2], WasiRights.PATH_SYMLINK, a[3], a[4]);
    if (errno != ESUCCESS) {
      return errno;
    }
    chargeEntry.accept(target.getBytes(StandardCharsets.UTF_8).length);
    try {
      Files.createSymbolicLink(
          ((VNode.HostDir) r.parent()).pathOf(r.name()),
          Path.of(ScratchNames.encodeLinkTarget(target)));
    } catch (IOException e) {
      return errnoOf(e);
    }
    return ESUCCESS;
  }

  /**
   * {@code path_link}: a second name for a file (or symlink) of {@code /outputs}, both names the
   * same file on the host, as link(2) makes it. A directory is EPERM, an existing new name EEXIST,
   * an input EXDEV (another file system: a read-only mount of its own).
   */
  int link(Memory m, long[] a) {
    Resolved from = at(m, a[0], WasiRights.PATH_LINK_SOURCE, a[2], a[3], follows(a[1]));
    if (!from.ok()) {
      return from.errno();
    }
    Resolved to = at(m, a[4], WasiRights.PATH_LINK_TARGET, a[5], a[6], false);
    if (!to.ok()) {
      return to.errno();
    }
    if (from.node() == null) {
      return ENOENT;
    }
    if (from.node().filetype() == VNode.FILETYPE_DIRECTORY) {
      return EPERM;
    }
    int errno = newName(m, to, a[4], WasiRights.PATH_LINK_TARGET, a[5], a[6]);
    if (errno != ESUCCESS) {
      return errno;
    }
    Path source =
        switch (from.node()) {
          case VNode.HostFile f -> f.path();
          case VNode.HostSymlink l -> l.path();
          default -> null;
        };
    if (source == null) {
      return EXDEV;
    }
    // The import reads the file (or target) once more by its new name.
    chargeEntry.accept(from.node().size());
    try {
      Files.createLink(((VNode.HostDir) to.parent()).pathOf(to.name()), source);
    } catch (IOException e) {
      return errnoOf(e);
    }
    return ESUCCESS;
  }

  /**
   * Whether a link can be made at {@code r}: ESUCCESS, or EEXIST where the name is taken (a link
   * before a trailing slash included: it is not followed to make its target), ENOENT where a
   * missing name ends with '/', EROFS outside {@code /outputs}.
   */
  private int newName(Memory m, Resolved r, long fd, long right, long ptr, long len) {
    if (r.node() != null || r.name().isEmpty() || linkWithTrailingSlash(m, fd, right, ptr, len)) {
      return EEXIST;
    }
    if (r.trailingSlash()) {
      return ENOENT;
    }
    return r.parent().writable() ? ESUCCESS : EROFS;
  }
}
