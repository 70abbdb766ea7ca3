package io.cairn.compute.wasm;

import com.dylibso.chicory.runtime.Memory;

/**
 * Ranges of the module's memory that a host call is handed, checked before the host allocates or
 * copies anything: pointers and lengths are unsigned 32-bit values, and a range must lie inside the
 * memory's current pages, else the call returns EOVERFLOW as node:wasi (uvwasi) does. Data is moved
 * in chunks of at most {@link #CHUNK} bytes, so a call's host heap does not grow with the lengths
 * the module asks for.
 */
final class GuestMemory {
  /** The most a host call copies through the heap at once. */
  static final int CHUNK = 64 * 1024;

  private GuestMemory() {}

  /** An i32 argument as the unsigned value it stands for. */
  static long u32(long arg) {
    return Integer.toUnsignedLong((int) arg);
  }

  /** Whether {@code [ptr, ptr + len)} lies inside the memory's current pages. */
  static boolean inBounds(Memory m, long ptr, long len) {
    long size = (long) m.pages() * Memory.PAGE_SIZE;
    return ptr >= 0 && len >= 0 && ptr <= size && len <= size - ptr;
  }

  /**
   * The total length of the {@code count} iovecs at {@code iovs}, or -1 when the array or any
   * buffer it names lies outside the memory. Nothing is copied: the iovecs are read again from the
   * memory ({@link #iovPtr}, {@link #iovLen}) as the call works through them.
   */
  static long iovecsTotal(Memory m, long iovs, long count) {
    if (!inBounds(m, iovs, 8 * count)) {
      return -1;
    }
    long total = 0;
    for (long i = 0; i < count; i++) {
      long len = iovLen(m, iovs, i);
      if (!inBounds(m, iovPtr(m, iovs, i), len)) {
        return -1;
      }
      total += len;
    }
    return total;
  }

  static long iovPtr(Memory m, long iovs, long i) {
    return u32(m.readInt((int) (iovs + 8 * i)));
  }

  static long iovLen(Memory m, long iovs, long i) {
    return u32(m.readInt((int) (iovs + 8 * i + 4)));
  }
}
