package io.cairn.compute.wasm;

import java.util.HashMap;
import java.util.Map;

/**
 * The job's file descriptors: 0 to 2 are stdin, stdout and stderr, 3 is {@code /inputs} and 4 is
 * {@code /outputs}; a new descriptor takes the lowest free number from 3 up.
 */
final class FdTable {
  private final Map<Integer, OpenFd> fds = new HashMap<>();

  FdTable(CappedSink stdout, CappedSink stderr, VNode inputs, VNode outputs) {
    fds.put(0, new OpenFd.Stdin());
    fds.put(1, new OpenFd.Sink(stdout));
    fds.put(2, new OpenFd.Sink(stderr));
    fds.put(3, new OpenFd.Dir(inputs, "/inputs"));
    fds.put(4, new OpenFd.Dir(outputs, "/outputs"));
  }

  /** The descriptor numbered {@code n}, or null. */
  OpenFd get(long n) {
    return fds.get((int) n);
  }

  /** Adds a descriptor under the lowest free number and returns that number. */
  int allocate(OpenFd fd) {
    int n = 3;
    while (fds.containsKey(n)) {
      n++;
    }
    fds.put(n, fd);
    return n;
  }

  /** Closes descriptor {@code n}; false when there is none. */
  boolean close(long n) {
    OpenFd fd = fds.remove((int) n);
    if (fd == null) {
      return false;
    }
    release(fd);
    return true;
  }

  /**
   * Moves descriptor {@code from} to {@code to}, closing what {@code to} was; false if either is
   * missing.
   */
  boolean renumber(long from, long to) {
    if (get(from) == null || get(to) == null) {
      return false;
    }
    release(fds.get((int) to));
    fds.put((int) to, fds.remove((int) from));
    return true;
  }

  /** Closes what the module left open. */
  void closeAll() {
    for (OpenFd fd : fds.values()) {
      release(fd);
    }
    fds.clear();
  }

  private static void release(OpenFd fd) {
    if (fd instanceof OpenFd.Output out) {
      out.close();
    }
  }
}
