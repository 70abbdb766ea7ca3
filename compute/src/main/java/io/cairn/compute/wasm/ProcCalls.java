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
 * poll_oneoff}. The clock reads 0 (1970-01-01) on every clock, random bytes are {@link
 * SeededRandom}'s, and every poll subscription fires at once.
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

  /**
   * Every subscription fires at once: clocks elapse, fd subscriptions report ENOTSUP. No
   * subscriptions is EINVAL.
   */
  static int pollOneoff(Memory m, long[] a) {
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
    int out = (int) a[1];
    int n = (int) subs;
    for (int i = 0; i < n; i++) {
      int sub = in + i * 48;
      int ev = out + i * 32;
      byte tag = m.read(sub + 8);
      m.writeLong(ev, m.readLong(sub));
      m.writeShort(ev + 8, (short) (tag == 0 ? ESUCCESS : ENOTSUP));
      m.writeByte(ev + 10, tag);
      m.writeLong(ev + 16, 0L);
      m.writeShort(ev + 24, (short) 0);
    }
    m.writeI32((int) a[3], n);
    return ESUCCESS;
  }
}
