package io.cairn.compute.wasm;

import static io.cairn.compute.wasm.WasiErrno.EBADF;
import static io.cairn.compute.wasm.WasiErrno.EINVAL;
import static io.cairn.compute.wasm.WasiErrno.ENOBUFS;
import static io.cairn.compute.wasm.WasiErrno.ENOTDIR;
import static io.cairn.compute.wasm.WasiErrno.EOVERFLOW;
import static io.cairn.compute.wasm.WasiErrno.ESUCCESS;

import com.dylibso.chicory.runtime.Memory;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The calls on open directories: the preopens' names and listings in a fixed order. */
final class DirCalls {
  private final FdTable fds;

  DirCalls(FdTable fds) {
    this.fds = fds;
  }

  /**
   * EBADF past the last descriptor (where wasi-libc stops looking), EINVAL on one not preopened.
   */
  int prestatGet(Memory m, long[] a) {
    if (!(fds.get(a[0]) instanceof OpenFd.Dir d) || !d.preopen()) {
      return fds.get(a[0]) == null ? EBADF : EINVAL;
    }
    m.writeI32((int) a[1], 0);
    m.writeI32((int) a[1] + 4, d.path().getBytes(StandardCharsets.UTF_8).length);
    return ESUCCESS;
  }

  int prestatDirName(Memory m, long[] a) {
    if (!(fds.get(a[0]) instanceof OpenFd.Dir d) || !d.preopen()) {
      return fds.get(a[0]) == null ? EBADF : EINVAL;
    }
    byte[] name = d.path().getBytes(StandardCharsets.UTF_8);
    if (GuestMemory.u32(a[2]) < name.length) {
      return ENOBUFS;
    }
    m.write((int) a[1], name);
    return ESUCCESS;
  }

  /** Entries from the cookie on, "." and ".." left out (as uvwasi does), sorted by name bytes. */
  int readdir(Memory m, long[] a) {
    int errno = fds.check(a[0], WasiRights.FD_READDIR, 0);
    if (errno != ESUCCESS) {
      return errno;
    }
    if (!(fds.get(a[0]) instanceof OpenFd.Dir d)) {
      return ENOTDIR;
    }
    List<VNode.Entry> entries = d.node().list();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long buf = GuestMemory.u32(a[1]);
    long bufLen = GuestMemory.u32(a[2]);
    if (!GuestMemory.inBounds(m, buf, bufLen)
        || !GuestMemory.inBounds(m, GuestMemory.u32(a[4]), 4)) {
      return EOVERFLOW;
    }
    // The cookie is unsigned: one past the last entry (2^64 - 1 among them) lists nothing.
    long cookie = a[3];
    for (long i = cookie; i >= 0 && i < entries.size() && out.size() < bufLen; i++) {
      byte[] name = entries.get((int) i).name().getBytes(StandardCharsets.UTF_8);
      byte[] head = new byte[24];
      putLong(head, 0, i + 1);
      putLong(head, 8, 0);
      putLong(head, 16, name.length);
      head[20] = (byte) entries.get((int) i).filetype();
      head[21] = 0;
      head[22] = 0;
      head[23] = 0;
      out.writeBytes(head);
      out.writeBytes(name);
    }
    byte[] bytes = out.toByteArray();
    int used = (int) Math.min(bytes.length, bufLen);
    m.write((int) buf, bytes, 0, used);
    m.writeI32((int) a[4], used);
    return ESUCCESS;
  }

  private static void putLong(byte[] b, int at, long v) {
    for (int i = 0; i < 8; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
    }
  }
}
