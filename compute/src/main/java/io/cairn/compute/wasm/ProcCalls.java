package io.cairn.compute.wasm;

import static io.cairn.compute.wasm.WasiErrno.EINVAL;
import static io.cairn.compute.wasm.WasiErrno.ENOTSUP;
import static io.cairn.compute.wasm.WasiErrno.EOVERFLOW;
import static io.cairn.compute.wasm.WasiErrno.ESUCCESS;

import com.dylibso.chicory.runtime.Memory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The calls that touch no file: arguments, environment, clocks, random bytes and {@code
 * poll_oneoff} (which only looks descriptors up). The clock reads 0 (1970-01-01) on every clock,
 * random bytes are {@link SeededRandom}'s, and {@code poll_oneoff} never waits.
 */
final class ProcCalls {
  private final List<String> args;
  private final List<String> env;
  private final SeededRandom random;

  ProcCalls(List<String> args, Map<String, String> env, SeededRandom random) {
    this.args = args;
    this.env = new ArrayList<>();
    env.forEach((k, v) -> this.env.add(k + "=" + v));
    this.random = random;
  }

  int argsSizesGet(Memory m, long[] a) {
    return sizes(m, args, a);
  }

  int argsGet(Memory m, long[] a) {
    return strings(m, args, a);
  }

  int environSizesGet(Memory m, long[] a) {
    return sizes(m, env, a);
  }

  int environGet(Memory m, long[] a) {
    return strings(m, env, a);
  }

  private static int sizes(Memory m, List<String> values, long[] a) {
    int bytes = 0;
    for (String v : values) {
      bytes += v.getBytes(StandardCharsets.UTF_8).length + 1;
    }
    m.writeI32((int) a[0], values.size());
    m.writeI32((int) a[1], bytes);
    return ESUCCESS;
  }

  private static int strings(Memory m, List<String> values, long[] a) {
    int ptrs = (int) a[0];
    int buf = (int) a[1];
    for (String v : values) {
      m.writeI32(ptrs, buf);
      ptrs += 4;
      byte[] b = v.getBytes(StandardCharsets.UTF_8);
      m.write(buf, b);
      m.writeByte(buf + b.length, (byte) 0);
      buf += b.length + 1;
    }
    return ESUCCESS;
  }

  static int clockResGet(Memory m, long[] a) {
    if (a[0] < 0 || a[0] > 3) {
      return EINVAL;
    }
    m.writeLong((int) a[1], 1_000L);
    return ESUCCESS;
  }

  static int clockTimeGet(Memory m, long[] a) {
    if (a[0] < 0 || a[0] > 3) {
      return EINVAL;
    }
    m.writeLong((int) a[2], 0L);
    return ESUCCESS;
  }

  /** Checked against the memory first (EOVERFLOW), then written to it a chunk at a time. */
  int randomGet(Memory m, long[] a) {
    long buf = GuestMemory.u32(a[0]);
    long len = GuestMemory.u32(a[1]);
    if (!GuestMemory.inBounds(m, buf, len)) {
      return EOVERFLOW;
    }
    byte[] chunk = new byte[(int) Math.min(GuestMemory.CHUNK, len)];
    for (long done = 0; done < len; ) {
      int n = (int) Math.min(chunk.length, len - done);
      random.nextBytes(chunk, n);
      m.write((int) (buf + done), chunk, 0, n);
      done += n;
    }
    return ESUCCESS;
  }

  private static final int EVENTTYPE_CLOCK = 0;
  private static final int EVENTTYPE_FD_READ = 1;
  private static final int EVENTTYPE_FD_WRITE = 2;

  /**
   * Nothing waits, as the clock never moves: an fd_read or fd_write subscription is ready at once,
   * as WASI says a regular file always is (every descriptor of a job is a file, stdin at its end or
   * a directory), its event carrying the bytes left to read from the descriptor's position (0 for
   * stdin and for writing), or EBADF or ENOTCAPABLE (no {@code poll_fd_readwrite} right) as uvwasi
   * checks the descriptor. A clock fires when it is due (a timeout of 0) and, when nothing else is
   * ready, every clock fires at once (a sleep ends at once); with something else ready no time has
   * passed, so a later clock has not elapsed, as poll(2) returns before its timeout. Events are
   * written in the order of their subscriptions. No subscriptions is EINVAL.
   */
  static int pollOneoff(Memory m, long[] a, FdTable fds) {
    long subs = GuestMemory.u32(a[2]);
    if (subs == 0) {
      return EINVAL; // as uvwasi answers: nothing to wait for
    }
    if (!GuestMemory.inBounds(m, GuestMemory.u32(a[0]), 48 * subs)
        || !GuestMemory.inBounds(m, GuestMemory.u32(a[1]), 32 * subs)
        || !GuestMemory.inBounds(m, GuestMemory.u32(a[3]), 4)) {
      return EOVERFLOW;
    }
    int in = (int) a[0];
    int n = (int) subs;
    boolean othersReady = false;
    for (int i = 0; i < n && !othersReady; i++) {
      othersReady = m.read(in + i * 48 + 8) != EVENTTYPE_CLOCK;
    }
    int events = 0;
    for (int i = 0; i < n; i++) {
      int sub = in + i * 48;
      byte tag = m.read(sub + 8);
      int errno = ENOTSUP;
      long nbytes = 0;
      if (tag == EVENTTYPE_CLOCK) {
        if (othersReady && m.readLong(sub + 24) != 0) {
          continue; // not due: no time passes while something else is ready
        }
        errno = ESUCCESS;
      } else if (tag == EVENTTYPE_FD_READ || tag == EVENTTYPE_FD_WRITE) {
        long fd = Integer.toUnsignedLong(m.readInt(sub + 16));
        errno = fds.check(fd, WasiRights.POLL_FD_READWRITE, 0);
        nbytes = errno == ESUCCESS && tag == EVENTTYPE_FD_READ ? readable(fds.get(fd)) : 0;
      }
      int ev = (int) a[1] + events++ * 32;
      m.writeLong(ev, m.readLong(sub));
      m.writeShort(ev + 8, (short) errno);
      m.writeByte(ev + 10, tag);
      m.writeLong(ev + 16, nbytes);
      m.writeShort(ev + 24, (short) 0);
    }
    m.writeI32((int) a[3], events);
    return ESUCCESS;
  }

  /** The bytes a read from the descriptor's position would find before the end. */
  private static long readable(OpenFd fd) {
    return switch (fd) {
      case OpenFd.Input i -> Math.max(0, i.file.size() - i.position);
      case OpenFd.Output o -> Math.max(0, o.size() - o.position);
      default -> 0;
    };
  }
}
