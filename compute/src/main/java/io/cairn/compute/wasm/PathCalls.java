package io.cairn.compute.wasm;

import static io.cairn.compute.wasm.WasiErrno.EBADF;
import static io.cairn.compute.wasm.WasiErrno.EEXIST;
import static io.cairn.compute.wasm.WasiErrno.EINVAL;
import static io.cairn.compute.wasm.WasiErrno.EIO;
import static io.cairn.compute.wasm.WasiErrno.EISDIR;
import static io.cairn.compute.wasm.WasiErrno.ENOENT;
import static io.cairn.compute.wasm.WasiErrno.ENOTCAPABLE;
import static io.cairn.compute.wasm.WasiErrno.ENOTDIR;
import static io.cairn.compute.wasm.WasiErrno.ENOTEMPTY;
import static io.cairn.compute.wasm.WasiErrno.EROFS;
import static io.cairn.compute.wasm.WasiErrno.ESUCCESS;

import com.dylibso.chicory.runtime.Memory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code path_*} calls: paths relative to a directory descriptor, {@code /inputs} read-only
 * (EROFS), {@code /outputs} on the job's scratch directory.
 */
final class PathCalls {
  private static final int OFLAG_CREAT = 1;
  private static final int OFLAG_DIRECTORY = 2;
  private static final int OFLAG_EXCL = 4;
  private static final int OFLAG_TRUNC = 8;
  private static final int FDFLAG_APPEND = 1;
  private static final long RIGHT_FD_WRITE = 1L << 6;

  private final FdTable fds;

  PathCalls(FdTable fds) {
    this.fds = fds;
  }

  /** Where a path leads: its parent directory, its last name ("" for the directory itself). */
  record Resolved(int errno, VNode parent, String name, VNode node) {
    static Resolved error(int errno) {
      return new Resolved(errno, null, null, null);
    }
  }

  /**
   * Resolves a path relative to a directory descriptor. Absolute paths and ".." are refused
   * (ENOTCAPABLE) whatever they lead to, and a symlink is never followed.
   */
  Resolved resolve(Memory m, long dirFd, long ptr, long len) {
    if (!(fds.get(dirFd) instanceof OpenFd.Dir d)) {
      return Resolved.error(fds.get(dirFd) == null ? EBADF : ENOTDIR);
    }
    String path = m.readString((int) ptr, (int) len);
    if (path.startsWith("/") || path.indexOf('\0') >= 0) {
      return Resolved.error(ENOTCAPABLE);
    }
    List<String> segments = new ArrayList<>();
    for (String s : path.split("/", -1)) {
      if (s.equals("..")) {
        return Resolved.error(ENOTCAPABLE);
      }
      if (!s.isEmpty() && !s.equals(".")) {
        segments.add(s);
      }
    }
    if (segments.isEmpty()) {
      return new Resolved(ESUCCESS, d.node(), "", d.node());
    }
    VNode current = d.node();
    for (int i = 0; i < segments.size() - 1; i++) {
      VNode next = current.child(segments.get(i));
      if (next == null) {
        return Resolved.error(ENOENT);
      }
      if (next instanceof VNode.InputSymlink) {
        return Resolved.error(ENOTCAPABLE);
      }
      if (next.filetype() != VNode.FILETYPE_DIRECTORY) {
        return Resolved.error(ENOTDIR);
      }
      current = next;
    }
    String last = segments.get(segments.size() - 1);
    return new Resolved(ESUCCESS, current, last, current.child(last));
  }

  int filestatGet(Memory m, long[] a) {
    Resolved r = resolve(m, a[0], a[2], a[3]);
    if (r.errno() != ESUCCESS) {
      return r.errno();
    }
    if (r.node() == null) {
      return ENOENT;
    }
    FdCalls.filestat(m, (int) a[4], r.node().filetype(), r.node().size());
    return ESUCCESS;
  }

  int exists(Memory m, long[] a, int pathArg) {
    Resolved r = resolve(m, a[0], a[pathArg], a[pathArg + 1]);
    return r.errno() != ESUCCESS ? r.errno() : r.node() == null ? ENOENT : ESUCCESS;
  }

  int open(Memory m, long[] a) {
    Resolved r = resolve(m, a[0], a[2], a[3]);
    if (r.errno() != ESUCCESS) {
      return r.errno();
    }
    int oflags = (int) a[4];
    long rights = a[5];
    int fdflags = (int) a[7];
    boolean create = (oflags & OFLAG_CREAT) != 0;
    boolean truncate = (oflags & OFLAG_TRUNC) != 0;
    boolean append = (fdflags & FDFLAG_APPEND) != 0;
    boolean writing = create || truncate || append || (rights & RIGHT_FD_WRITE) != 0;
    VNode node = r.node();
    if (node == null) {
      if (!create) {
        return ENOENT;
      }
      if (!r.parent().writable()) {
        return EROFS;
      }
      node = new VNode.HostFile(((VNode.HostDir) r.parent()).path().resolve(r.name()));
    } else if (create && (oflags & OFLAG_EXCL) != 0) {
      return EEXIST;
    }
    if (node instanceof VNode.InputSymlink) {
      return ENOTCAPABLE;
    }
    if (node.filetype() == VNode.FILETYPE_DIRECTORY) {
      if (truncate) {
        return EISDIR;
      }
      return install(m, a[8], new OpenFd.Dir(node, null));
    }
    if ((oflags & OFLAG_DIRECTORY) != 0) {
      return ENOTDIR;
    }
    if (node instanceof VNode.InputFile in) {
      return writing ? EROFS : install(m, a[8], new OpenFd.Input(in));
    }
    VNode.HostFile file = (VNode.HostFile) node;
    Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.READ);
    if (writing) {
      options.add(StandardOpenOption.WRITE);
      options.add(StandardOpenOption.CREATE);
    }
    if (truncate) {
      options.add(StandardOpenOption.TRUNCATE_EXISTING);
    }
    try {
      FileChannel channel = FileChannel.open(file.path(), options);
      return install(m, a[8], new OpenFd.Output(file, channel, append, true));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the scratch file " + file.path(), e);
    }
  }

  private int install(Memory m, long fdPtr, OpenFd fd) {
    m.writeI32((int) fdPtr, fds.allocate(fd));
    return ESUCCESS;
  }

  int createDirectory(Memory m, long[] a) {
    Resolved r = resolve(m, a[0], a[1], a[2]);
    if (r.errno() != ESUCCESS) {
      return r.errno();
    }
    if (r.node() != null) {
      return EEXIST;
    }
    if (!r.parent().writable()) {
      return EROFS;
    }
    try {
      Files.createDirectory(((VNode.HostDir) r.parent()).path().resolve(r.name()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scratch directory", e);
    }
    return ESUCCESS;
  }

  int remove(Memory m, long[] a, boolean directory) {
    Resolved r = resolve(m, a[0], a[1], a[2]);
    if (r.errno() != ESUCCESS) {
      return r.errno();
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
    try {
      Files.delete(((VNode.HostDir) r.parent()).path().resolve(r.name()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete in the scratch directory", e);
    }
    return ESUCCESS;
  }

  int rename(Memory m, long[] a) {
    Resolved from = resolve(m, a[0], a[1], a[2]);
    Resolved to = resolve(m, a[3], a[4], a[5]);
    if (from.errno() != ESUCCESS || to.errno() != ESUCCESS) {
      return from.errno() != ESUCCESS ? from.errno() : to.errno();
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
    try {
      Files.move(
          ((VNode.HostDir) from.parent()).path().resolve(from.name()),
          ((VNode.HostDir) to.parent()).path().resolve(to.name()),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      return EIO;
    }
    return ESUCCESS;
  }

  int readlink(Memory m, long[] a) {
    Resolved r = resolve(m, a[0], a[1], a[2]);
    if (r.errno() != ESUCCESS) {
      return r.errno();
    }
    if (!(r.node() instanceof VNode.InputSymlink link)) {
      return r.node() == null ? ENOENT : EINVAL;
    }
    byte[] target = link.target().getBytes(StandardCharsets.UTF_8);
    int n = (int) Math.min(target.length, a[4]);
    m.write((int) a[3], target, 0, n);
    m.writeI32((int) a[5], n);
    return ESUCCESS;
  }
}
