package io.cairn.compute.wasm;

import static io.cairn.compute.wasm.WasiErrno.EBADF;
import static io.cairn.compute.wasm.WasiErrno.EINVAL;
import static io.cairn.compute.wasm.WasiErrno.EISDIR;
import static io.cairn.compute.wasm.WasiErrno.ENOTCAPABLE;
import static io.cairn.compute.wasm.WasiErrno.ENOTSUP;
import static io.cairn.compute.wasm.WasiErrno.EOVERFLOW;
import static io.cairn.compute.wasm.WasiErrno.ESPIPE;
import static io.cairn.compute.wasm.WasiErrno.ESUCCESS;

import com.dylibso.chicory.runtime.Memory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The {@code fd_*} calls on open files: reads, writes, seeks and stats, each refused (ENOTCAPABLE)
 * on a descriptor without its right, as uvwasi does. Writes under {@code /outputs} are charged
 * against the job's output cap; a stat reports no host metadata (device 0, inode 0, times 0).
 */
final class FdCalls {
  static final int FILETYPE_CHARACTER_DEVICE = 2;

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

  /** The {@code fstflags} WASI defines: ATIM, ATIM_NOW, MTIM, MTIM_NOW. */
  private static final long FSTFLAGS = 0xf;

  /**
   * Whether {@code fstflags} can be asked for: only defined flags, and a timestamp either given or
   * "now", not both (uvwasi's check, utimensat(2)'s EINVAL). The times themselves are not kept.
   */
  static boolean validTimeFlags(long fstflags) {
    long f = fstflags & 0xffff;
    return (f & ~FSTFLAGS) == 0 && (f & 0x3) != 0x3 && (f & 0xc) != 0xc;
  }

  /** {@code fd_filestat_set_times}: the flags are checked before the descriptor, as uvwasi does. */
  int setTimes(long[] a) {
    return validTimeFlags(a[3]) ? fds.check(a[0], WasiRights.FD_FILESTAT_SET_TIMES, 0) : EINVAL;
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
    m.writeShort(buf + 2, (short) slot.fdflags());
    m.writeLong(buf + 8, slot.base());
    m.writeLong(buf + 16, slot.inheriting());
    return ESUCCESS;
  }

  /** Writes a {@code filestat} with no host metadata. */
  static void filestat(Memory m, int buf, int filetype, long size, long nlink) {
    m.writeLong(buf, 0L); // device
    m.writeLong(buf + 8, 0L); // inode
    m.writeByte(buf + 16, (byte) filetype);
    m.writeLong(buf + 24, nlink); // links: more than one for a file hard-linked in /outputs
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
    long nlink = fd instanceof OpenFd.Output o ? o.nlink() : 1;
    filestat(m, (int) a[1], filetype(fd), size, nlink);
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
    if (size < 0) {
      return EINVAL; // over 2^63 - 1 bytes, as Linux's ftruncate answers
    }
    long current = o.size();
    try {
      if (size < current) {
        o.channel.truncate(size);
      } else if (size > current) {
        chargeOutput(size - current);
        o.write(size - 1, new byte[1], 1);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resize output " + o.file.path(), e);
    }
    return ESUCCESS;
  }

  /**
   * What creating a file or directory under {@code /outputs} costs against the output cap, beside
   * its bytes: a job creating millions of empty entries would otherwise pass every cap while it
   * fills the scratch disk's inodes and the output tree's listing.
   */
  static final long ENTRY_BYTES = 512;

  /**
   * Charges one created file, directory or link against the output cap, with the {@code bytes} it
   * holds from the start (a symlink's target).
   */
  void chargeEntry(long bytes) {
    chargeOutput(ENTRY_BYTES + bytes);
  }

  private void chargeOutput(long bytes) {
    if (bytes > outputCap - outputBytes) { // outputBytes + bytes could wrap round
      throw new JobAbort(WasmOutcome.Kind.OUTPUT_LIMIT, "/outputs over " + outputCap + " bytes");
    }
    outputBytes += bytes;
  }

  /**
   * The arguments of {@code fd_read}, {@code fd_pread}, {@code fd_write} and {@code fd_pwrite}: the
   * descriptor, the iovec array and its length, and where the byte count goes (after the offset,
   * for the positional calls).
   */
  private record Vectored(int fd, long iovs, long count, long resultPtr) {
    static Vectored of(long[] a, boolean positional) {
      return new Vectored(
          (int) a[0],
          GuestMemory.u32(a[1]),
          GuestMemory.u32(a[2]),
          GuestMemory.u32(positional ? a[4] : a[3]));
    }
  }

  /**
   * {@code fd_read} when not {@code positional}, else {@code fd_pread} at {@code at}. The iovecs
   * are checked against the memory first (EOVERFLOW); the bytes then go straight from the file to
   * the memory in chunks.
   */
  int read(Memory m, long[] a, boolean positional) {
    Vectored v = Vectored.of(a, positional);
    int n = v.fd();
    long iovs = v.iovs();
    long count = v.count();
    long nreadPtr = v.resultPtr();
    int errno = fds.check(n, WasiRights.FD_READ | (positional ? WasiRights.FD_SEEK : 0), 0);
    if (errno != ESUCCESS) {
      return errno;
    }
    OpenFd fd = fds.get(n);
    if (fd instanceof OpenFd.Sink || fd instanceof OpenFd.Dir) {
      return fd instanceof OpenFd.Dir ? EISDIR : EBADF;
    }
    long room = GuestMemory.iovecsTotal(m, iovs, count);
    if (room < 0 || !GuestMemory.inBounds(m, nreadPtr, 4)) {
      return EOVERFLOW;
    }
    long at = a[3];
    if (positional && at < 0) {
      return EINVAL;
    }
    long offset =
        positional
            ? at
            : switch (fd) {
              case OpenFd.Input i -> i.position;
              case OpenFd.Output o -> o.position;
              default -> 0;
            };
    long total = 0;
    if (!(fd instanceof OpenFd.Stdin)) {
      byte[] chunk = new byte[(int) Math.min(GuestMemory.CHUNK, room)];
      for (long i = 0; i < count; i++) {
        long ptr = GuestMemory.iovPtr(m, iovs, i);
        long len = GuestMemory.iovLen(m, iovs, i);
        long got = readInto(m, fd, offset + total, ptr, len, chunk);
        total += got;
        if (got < len) {
          break;
        }
      }
    }
    if (!positional) {
      if (fd instanceof OpenFd.Input in) {
        in.position += total;
      } else if (fd instanceof OpenFd.Output o) {
        o.position += total;
      }
    }
    m.writeI32((int) nreadPtr, (int) total);
    return ESUCCESS;
  }

  /** Reads up to {@code len} bytes at {@code offset} into the memory at {@code ptr}. */
  private static long readInto(Memory m, OpenFd fd, long offset, long ptr, long len, byte[] chunk) {
    long done = 0;
    if (fd instanceof OpenFd.Input in) {
      try (InputStream stream = in.open(offset, len)) {
        while (done < len) {
          int got = stream.readNBytes(chunk, 0, (int) Math.min(chunk.length, len - done));
          m.write((int) (ptr + done), chunk, 0, got);
          done += got;
          if (got == 0) {
            break;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read input " + in.file.cid(), e);
      }
    } else if (fd instanceof OpenFd.Output o) {
      while (done < len) {
        int want = (int) Math.min(chunk.length, len - done);
        int got = o.read(offset + done, chunk, want);
        m.write((int) (ptr + done), chunk, 0, got);
        done += got;
        if (got < want) {
          break;
        }
      }
    }
    return done;
  }

  /**
   * {@code fd_write} when not {@code positional}, else {@code fd_pwrite} at {@code at}. The iovecs
   * are checked against the memory first (EOVERFLOW) and their total charged against the output cap
   * before a byte is written; the bytes then go from the memory to the file in chunks.
   */
  int write(Memory m, long[] a, boolean positional) {
    Vectored v = Vectored.of(a, positional);
    int n = v.fd();
    long iovs = v.iovs();
    long count = v.count();
    long nwrittenPtr = v.resultPtr();
    int errno = fds.check(n, WasiRights.FD_WRITE | (positional ? WasiRights.FD_SEEK : 0), 0);
    if (errno != ESUCCESS) {
      return errno;
    }
    OpenFd fd = fds.get(n);
    if (!(fd instanceof OpenFd.Sink) && !(fd instanceof OpenFd.Output)) {
      return EBADF;
    }
    long total = GuestMemory.iovecsTotal(m, iovs, count);
    if (total < 0 || !GuestMemory.inBounds(m, nwrittenPtr, 4)) {
      return EOVERFLOW;
    }
    if (fd instanceof OpenFd.Sink s) {
      forEachChunk(m, iovs, count, (done, bytes) -> s.sink().write(bytes, bytes.length));
    } else {
      OpenFd.Output o = (OpenFd.Output) fd;
      long at = a[3];
      long offset = positional ? at : o.append ? o.size() : o.position;
      // Past 2^63 - 1 bytes, as Linux's pwrite answers.
      if (offset < 0 || offset > Long.MAX_VALUE - total) {
        return EINVAL;
      }
      long end = offset + total;
      // A write of no bytes extends nothing, wherever it is (Linux's pwrite).
      chargeOutput(total == 0 ? 0 : Math.max(0, end - o.size()));
      forEachChunk(m, iovs, count, (done, bytes) -> o.write(offset + done, bytes, bytes.length));
      if (!positional) {
        o.position = end;
      }
    }
    m.writeI32((int) nwrittenPtr, (int) total);
    return ESUCCESS;
  }

  /** Where the bytes of one chunk go: {@code done} bytes went before it. */
  @FunctionalInterface
  private interface ChunkSink {
    void accept(long done, byte[] bytes);
  }

  /** Reads the iovecs' bytes a chunk at a time, handing each to {@code sink}. */
  private static void forEachChunk(Memory m, long iovs, long count, ChunkSink sink) {
    long done = 0;
    for (long i = 0; i < count; i++) {
      long ptr = GuestMemory.iovPtr(m, iovs, i);
      long len = GuestMemory.iovLen(m, iovs, i);
      for (long off = 0; off < len; ) {
        int n = (int) Math.min(GuestMemory.CHUNK, len - off);
        sink.accept(done, m.readBytes((int) (ptr + off), n));
        off += n;
        done += n;
      }
    }
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
