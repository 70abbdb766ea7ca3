package io.cairn.compute.wasm;

import static io.cairn.compute.wasm.WasiErrno.EBADF;
import static io.cairn.compute.wasm.WasiErrno.ENOTCAPABLE;
import static io.cairn.compute.wasm.WasiErrno.ESUCCESS;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The job's file descriptors and their rights: 0 to 2 are stdin, stdout and stderr (every right, as
 * uvwasi gives a character device), 3 is {@code /inputs} and 4 is {@code /outputs} (a directory's
 * rights, as uvwasi gives a preopen); a new descriptor takes the lowest free number from 3 up.
 */
final class FdTable {
  /**
   * One descriptor: what it refers to, its rights, the rights it passes on and the fdflags it was
   * opened with (what {@code fd_fdstat_get} reports).
   */
  record Slot(OpenFd fd, long base, long inheriting, int fdflags) {}

  private final Map<Integer, Slot> slots = new HashMap<>();

  FdTable(CappedSink stdout, CappedSink stderr, VNode inputs, VNode outputs) {
    slots.put(0, new Slot(new OpenFd.Stdin(), WasiRights.ALL, WasiRights.ALL, 0));
    slots.put(1, new Slot(new OpenFd.Sink(stdout), WasiRights.ALL, WasiRights.ALL, 0));
    slots.put(2, new Slot(new OpenFd.Sink(stderr), WasiRights.ALL, WasiRights.ALL, 0));
    slots.put(3, preopen(inputs, "/inputs"));
    slots.put(4, preopen(outputs, "/outputs"));
  }

  private static Slot preopen(VNode node, String path) {
    return new Slot(
        new OpenFd.Dir(node, path, true),
        WasiRights.DIRECTORY_BASE,
        WasiRights.DIRECTORY_INHERITING,
        0);
  }

  /** The descriptor numbered {@code n}, or null. */
  OpenFd get(long n) {
    Slot slot = slots.get((int) n);
    return slot == null ? null : slot.fd();
  }

  /** Descriptor {@code n} with its rights, or null. */
  Slot slot(long n) {
    return slots.get((int) n);
  }

  /**
   * ESUCCESS when descriptor {@code n} exists and holds all of {@code base} and may pass on all of
   * {@code inheriting}; EBADF when there is no such descriptor; ENOTCAPABLE when a right is
   * missing.
   */
  int check(long n, long base, long inheriting) {
    Slot slot = slots.get((int) n);
    if (slot == null) {
      return EBADF;
    }
    boolean holds = (slot.base() & base) == base && (slot.inheriting() & inheriting) == inheriting;
    return holds ? ESUCCESS : ENOTCAPABLE;
  }

  /** Narrows descriptor {@code n}'s rights (it must hold them already). */
  void setRights(long n, long base, long inheriting) {
    slots.computeIfPresent((int) n, (k, s) -> new Slot(s.fd(), base, inheriting, s.fdflags()));
  }

  /** Adds a descriptor under the lowest free number and returns that number. */
  int allocate(OpenFd fd, long base, long inheriting, int fdflags) {
    int n = 3;
    while (slots.containsKey(n)) {
      n++;
    }
    slots.put(n, new Slot(fd, base, inheriting, fdflags));
    return n;
  }

  /** Closes descriptor {@code n}; false when there is none. */
  boolean close(long n) {
    Slot slot = slots.remove((int) n);
    if (slot == null) {
      return false;
    }
    release(slot.fd());
    return true;
  }

  /**
   * Moves descriptor {@code from} to {@code to}, closing what {@code to} was (nothing when they are
   * the same); false if either is missing.
   */
  boolean renumber(long from, long to) {
    if (get(from) == null || get(to) == null) {
      return false;
    }
    if ((int) from == (int) to) {
      return true; // as dup2 onto itself: nothing to close
    }
    release(get(to));
    slots.put((int) to, slots.remove((int) from));
    return true;
  }

  /**
   * After a rename in {@code /outputs} of the entry at {@code from} on the host ({@code fromPath}
   * in the job's namespace) to {@code to}: every descriptor of that entry or of one under it refers
   * to the same entry at its new place, as a descriptor on Linux refers to the file, not to its
   * name. {@code to} is under {@code /outputs}, and so is every path rebased onto it.
   */
  void moved(Path from, Path to, String toPath) {
    for (Map.Entry<Integer, Slot> e : slots.entrySet()) {
      Slot slot = e.getValue();
      if (slot.fd() instanceof OpenFd.Output out && out.file.path().startsWith(from)) {
        out.moved(to.resolve(from.relativize(out.file.path())));
      } else if (slot.fd() instanceof OpenFd.Dir dir
          && dir.node() instanceof VNode.HostDir host
          && host.path().startsWith(from)) {
        Path under = from.relativize(host.path());
        StringBuilder path = new StringBuilder(toPath);
        for (Path name : under) {
          if (!name.toString().isEmpty()) {
            path.append('/').append(ScratchNames.decode(name.toString()));
          }
        }
        OpenFd.Dir rebased =
            new OpenFd.Dir(new VNode.HostDir(to.resolve(under)), path.toString(), dir.preopen());
        e.setValue(new Slot(rebased, slot.base(), slot.inheriting(), slot.fdflags()));
      }
    }
  }

  /**
   * After the entry at {@code at} on the host was removed (by unlink, rmdir or a rename over it): a
   * descriptor of that directory finds nothing more ({@link VNode.RemovedDir}); one of that file
   * keeps its channel but no longer reads the name, where another file may be made. {@code
   * otherNames} when the file had another name (a hard link) left.
   */
  void removed(Path at, boolean otherNames) {
    for (Map.Entry<Integer, Slot> e : slots.entrySet()) {
      Slot slot = e.getValue();
      if (slot.fd() instanceof OpenFd.Output out && out.file.path().equals(at)) {
        out.unlinked(otherNames);
      } else if (slot.fd() instanceof OpenFd.Dir dir
          && dir.node() instanceof VNode.HostDir host
          && host.path().equals(at)) {
        OpenFd.Dir gone = new OpenFd.Dir(new VNode.RemovedDir(), dir.path(), false);
        e.setValue(new Slot(gone, slot.base(), slot.inheriting(), slot.fdflags()));
      }
    }
  }

  /** Closes what the module left open. */
  void closeAll() {
    for (Slot slot : slots.values()) {
      release(slot.fd());
    }
    slots.clear();
  }

  private static void release(OpenFd fd) {
    if (fd instanceof OpenFd.Output out) {
      out.close();
    }
  }
}
