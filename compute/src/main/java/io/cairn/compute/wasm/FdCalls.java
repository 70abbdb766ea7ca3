package io.cairn.compute.wasm;

import static io.cairn.compute.wasm.WasiErrno.EBADF;
import static io.cairn.compute.wasm.WasiErrno.EINVAL;
import static io.cairn.compute.wasm.WasiErrno.EISDIR;
import static io.cairn.compute.wasm.WasiErrno.EROFS;
import static io.cairn.compute.wasm.WasiErrno.ESPIPE;
import static io.cairn.compute.wasm.WasiErrno.ESUCCESS;

import com.dylibso.chicory.runtime.Memory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The {@code fd_*} calls on open files: reads, writes, seeks and stats. Writes under {@code
 * /outputs} are charged against the job's output cap; a stat reports no host metadata (device 0,
 * inode 0, times 0).
 */
final class FdCalls {
  static final int FILETYPE_CHARACTER_DEVICE = 2;
  static final long ALL_RIGHTS = (1L << 30) - 1;
  private static final int FDFLAG_APPEND = 1;

  private final FdTable fds;
  private final long outputCap;
  private long outputBytes;

  FdCalls(FdTable fds, long outputCap) {
    this.fds = fds;
    this.outputCap = outputCap;
  }

  /** ESUCCESS when the descriptor exists, else EBADF: for the calls that are no-ops here. */
  int exists(long[] a) {
    return fds.get(a[0]) == null ? EBADF : ESUCCESS;
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
    OpenFd fd = fds.get(a[0]);
    if (fd == null) {
      return EBADF;
    }
    int buf = (int) a[1];
    m.writeByte(buf, (byte) filetype(fd));
    m.writeShort(buf + 2, (short) (fd instanceof OpenFd.Output o && o.append ? FDFLAG_APPEND : 0));
    m.writeLong(buf + 8, ALL_RIGHTS);
    m.writeLong(buf + 16, ALL_RIGHTS);
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
    OpenFd fd = fds.get(a[0]);
    if (fd == null) {
      return EBADF;
    }
    long size =
        switch (fd) {
          case OpenFd.Input i -> i.file.size();
          case OpenFd.Output o -> o.size();
          default -> 0;
        };
    filestat(m, (int) a[1], filetype(fd), size);
    return ESUCCESS;
  }

  int filestatSetSize(long[] a) {
    if (!(fds.get(a[0]) instanceof OpenFd.Output o)) {
      return fds.get(a[0]) instanceof OpenFd.Input ? EROFS : EBADF;
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
    OpenFd fd = fds.get(n);
    if (fd == null || fd instanceof OpenFd.Sink || fd instanceof OpenFd.Dir) {
      return fd instanceof OpenFd.Dir ? EISDIR : EBADF;
    }
    if (fd instanceof OpenFd.Output o && !o.readable) {
      return EBADF;
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
