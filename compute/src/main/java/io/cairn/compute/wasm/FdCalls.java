package io.cairn.compute.wasm;

import static io.cairn.compute.wasm.WasiErrno.EBADF;
import static io.cairn.compute.wasm.WasiErrno.EINVAL;
import static io.cairn.compute.wasm.WasiErrno.EISDIR;
import static io.cairn.compute.wasm.WasiErrno.ENOTCAPABLE;
import static io.cairn.compute.wasm.WasiErrno.ENOTSUP;
import static io.cairn.compute.wasm.WasiErrno.ESPIPE;
import static io.cairn.compute.wasm.WasiErrno.ESUCCESS;

import com.dylibso.chicory.runtime.Memory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The {@code fd_*} calls on open files: reads, writes, seeks and stats, each refused (ENOTCAPABLE)
 * on a descriptor without its right, as uvwasi does. Writes under {@code /outputs} are charged
 * against the job's output cap; a stat reports no host metadata (device 0, inode 0, times 0).
 */
final class FdCalls {
  static final int FILETYPE_CHARACTER_DEVICE = 2;
  private static final int FDFLAG_APPEND = 1;

  private final FdTable fds;
  private final long outputCap;
  private long outputBytes;

  FdCalls(FdTable fds, long outputCap) {
    this.fds = fds;
    this.outputCap = outputCap;
  }

  /**
   * ESUCCESS when the descriptor exists and holds {@code right}: for the calls that change nothing
   * here (advice, syncs, times, which are not kept).
   */
  int holds(long[] a, long right) {
    return fds.check(a[0], right, 0);
  }

  /** ENOTSUP once the descriptor is found to hold {@code right}. */
  int unsupported(long[] a, long right) {
    int errno = fds.check(a[0], right, 0);
    return errno != ESUCCESS ? errno : ENOTSUP;
  }

  /** Narrows a descriptor's rights; asking for a right it does not hold is ENOTCAPABLE. */
  int fdstatSetRights(long[] a) {
    FdTable.Slot slot = fds.slot(a[0]);
    if (slot == null) {
      return EBADF;
    }
    if ((a[1] & ~slot.base()) != 0 || (a[2] & ~slot.inheriting()) != 0) {
      return ENOTCAPABLE;
    }
    fds.setRights(a[0], a[1], a[2]);
    return ESUCCESS;
  }

  int close(long[] a) {
    return fds.close(a[0]) ? ESUCCESS : EBADF;
  }

  int renumber(long[] a) {
    return fds.renumber(a[0], a[1]) ? ESUCCESS : EBADF;
  }

  static int filetype(OpenFd fd) {
    return switch (fd) {
      case OpenFd.Stdin s -> FILETYPE_CHARACTER_DEVICE;
      case OpenFd.Sink s -> FILETYPE_CHARACTER_DEVICE;
      case OpenFd.Dir d -> VNode.FILETYPE_DIRECTORY;
      case OpenFd.Input i -> VNode.FILETYPE_REGULAR;
      case OpenFd.Output o -> VNode.FILETYPE_REGULAR;
    };
  }

  int fdstatGet(Memory m, long[] a) {
    FdTable.Slot slot = fds.slot(a[0]);
    if (slot == null) {
      return EBADF;
    }
    OpenFd fd = slot.fd();
    int buf = (int) a[1];
    m.writeByte(buf, (byte) filetype(fd));
    m.writeShort(buf + 2, (short) (fd instanceof OpenFd.Output o && o.append ? FDFLAG_APPEND : 0));
    m.writeLong(buf + 8, slot.base());
    m.writeLong(buf + 16, slot.inheriting());
    return ESUCCESS;
  }

  /** Writes a {@code filestat} with no host metadata. */
  static void filestat(Memory m, int buf, int filetype, long size) {
    m.writeLong(buf, 0L); // device
    m.writeLong(buf + 8, 0L); // inode
    m.writeByte(buf + 16, (byte) filetype);
    m.writeLong(buf + 24, 1L); // links
    m.writeLong(buf + 32, size);
    m.writeLong(buf + 40, 0L);
    m.writeLong(buf + 48, 0L);
    m.writeLong(buf + 56, 0L);
  }

  int filestatGet(Memory m, long[] a) {
    int errno = fds.check(a[0], WasiRights.FD_FILESTAT_GET, 0);
    if (errno != ESUCCESS) {
      return errno;
    }
    OpenFd fd = fds.get(a[0]);
    long size =
        switch (fd) {
          case OpenFd.Input i -> i.file.size();
          case OpenFd.Output o -> o.size();
          default -> 0;
        };
    filestat(m, (int) a[1], filetype(fd), size);
    return ESUCCESS;
  }

  /** A file not open for writing (every input) is EINVAL, as Linux's ftruncate answers. */
  int filestatSetSize(long[] a) {
    int errno = fds.check(a[0], WasiRights.FD_FILESTAT_SET_SIZE, 0);
    if (errno != ESUCCESS) {
      return errno;
    }
    if (!(fds.get(a[0]) instanceof OpenFd.Output o) || !o.writable) {
      return fds.get(a[0]) instanceof OpenFd.Sink ? EBADF : EINVAL;
    }
    long size = a[1];
    long current = o.size();
    try {
      if (size < current) {
        o.channel.truncate(size);
      } else if (size > current) {
        chargeOutput(size - current);
        o.write(size - 1, new byte[1]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resize output " + o.file.path(), e);
    }
    return ESUCCESS;
  }

  private void chargeOutput(long bytes) {
    if (outputBytes + bytes > outputCap) {
      throw new JobAbort(WasmOutcome.Kind.OUTPUT_LIMIT, "/outputs over " + outputCap + " bytes");
    }
    outputBytes += bytes;
  }

  private static byte[][] iovecs(Memory m, int iovs, int count) {
    byte[][] bufs = new byte[count][];
    for (int i = 0; i < count; i++) {
      bufs[i] = new byte[m.readInt(iovs + i * 8 + 4)];
    }
    return bufs;
  }

  /** {@code fd_read} when {@code at} is -1, else {@code fd_pread} at that offset. */
  int read(Memory m, int n, int iovs, int count, long at, long nreadPtr) {
    int errno = fds.check(n, WasiRights.FD_READ | (at >= 0 ? WasiRights.FD_SEEK : 0), 0);
    if (errno != ESUCCESS) {
      return errno;
    }
    OpenFd fd = fds.get(n);
    if (fd instanceof OpenFd.Sink || fd instanceof OpenFd.Dir) {
      return fd instanceof OpenFd.Dir ? EISDIR : EBADF;
    }
    long offset =
        at >= 0
            ? at
            : switch (fd) {
              case OpenFd.Input i -> i.position;
              case OpenFd.Output o -> o.position;
              default -> 0;
            };
    long total = 0;
    byte[][] bufs = iovecs(m, iovs, count);
    for (int i = 0; i < count; i++) {
      int got =
          switch (fd) {
            case OpenFd.Input in -> in.read(offset + total, bufs[i]);
            case OpenFd.Output o -> o.read(offset + total, bufs[i]);
            default -> 0;
          };
      m.write(m.readInt(iovs + i * 8), bufs[i], 0, got);
      total += got;
      if (got < bufs[i].length) {
        break;
      }
    }
    if (at < 0) {
      if (fd instanceof OpenFd.Input in) {
        in.position += total;
      } else if (fd instanceof OpenFd.Output o) {
        o.position += total;
      }
    }
    m.writeI32((int) nreadPtr, (int) total);
    return ESUCCESS;
  }

  /** {@code fd_write} when {@code at} is -1, else {@code fd_pwrite} at that offset. */
  int write(Memory m, int n, int iovs, int count, long at, long nwrittenPtr) {
    int errno = fds.check(n, WasiRights.FD_WRITE | (at >= 0 ? WasiRights.FD_SEEK : 0), 0);
    if (errno != ESUCCESS) {
      return errno;
    }
    OpenFd fd = fds.get(n);
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (int i = 0; i < count; i++) {
      int len = m.readInt(iovs + i * 8 + 4);
      data.writeBytes(m.readBytes(m.readInt(iovs + i * 8), len));
    }
    byte[] bytes = data.toByteArray();
    switch (fd) {
      case OpenFd.Sink s -> s.sink().write(bytes);
      case OpenFd.Output o -> {
        long offset = at >= 0 ? at : o.append ? o.size() : o.position;
        long end = offset + bytes.length;
        chargeOutput(Math.max(0, end - o.size()));
        o.write(offset, bytes);
        if (at < 0) {
          o.position = end;
        }
      }
      case OpenFd.Input i -> {
        return EBADF;
      }
      case null, default -> {
        return EBADF;
      }
    }
    m.writeI32((int) nwrittenPtr, bytes.length);
    return ESUCCESS;
  }

  int seek(Memory m, long[] a) {
    int errno = fds.check(a[0], WasiRights.FD_SEEK, 0);
    if (errno != ESUCCESS) {
      return errno;
    }
    OpenFd fd = fds.get(a[0]);
    long base;
    long size;
    switch (fd) {
      case OpenFd.Input i -> {
        base = i.position;
        size = i.file.size();
      }
      case OpenFd.Output o -> {
        base = o.position;
        size = o.size();
      }
      case null -> {
        return EBADF;
      }
      default -> {
        return ESPIPE;
      }
    }
    long target =
        switch ((int) a[2]) {
          case 0 -> a[1];
          case 1 -> base + a[1];
          case 2 -> size + a[1];
          default -> -1;
        };
    if (target < 0) {
      return EINVAL;
    }
    if (fd instanceof OpenFd.Input i) {
      i.position = target;
    } else {
      ((OpenFd.Output) fd).position = target;
    }
    m.writeLong((int) a[3], target);
    return ESUCCESS;
  }

  int tell(Memory m, long[] a) {
    int errno = fds.check(a[0], WasiRights.FD_TELL, 0);
    if (errno != ESUCCESS) {
      return errno;
    }
    OpenFd fd = fds.get(a[0]);
    return switch (fd) {
      case OpenFd.Input i -> {
        m.writeLong((int) a[1], i.position);
        yield ESUCCESS;
      }
      case OpenFd.Output o -> {
        m.writeLong((int) a[1], o.position);
        yield ESUCCESS;
      }
      case null -> EBADF;
      default -> ESPIPE;
    };
  }
}
