package io.cairn.storage.rocksdb;

import io.cairn.storage.Multihash;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recently read blocks whose bytes matched their multihash, so a hot block is read and hashed once,
 * not on every request. Bounded by bytes (least recently used first out); a block of more than a
 * quarter of the bound is not kept. A block is kept on its second verified read, not its first: a
 * file streamed once (a {@code cat} of a large file) would otherwise copy every block into the
 * cache only to evict it, which cost a third more CPU per GiB read; only the keys of blocks read
 * once are remembered, at most {@link #MAX_SEEN} of them. It never holds a block that was not
 * verified: only {@link #offer} adds, after the caller's hash check, and it refuses a block read
 * before the last {@link #invalidate} of any key (a removal racing the read), so a removed block
 * cannot come back. Callers get copies; the cached arrays never leave it.
 */
final class VerifiedBlockCache {
  /** The most keys of blocks read once that are remembered, waiting for a second read. */
  static final int MAX_SEEN = 65_536;

  private final long capacity;
  private final Map<Multihash, byte[]> blocks = new LinkedHashMap<>(64, 0.75f, true);
  private final Map<Multihash, Boolean> seen =
      new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Multihash, Boolean> eldest) {
          return size() > MAX_SEEN;
        }
      };
  private long bytes;
  private long epoch;

  /**
   * @param capacity the most block bytes held; 0 turns the cache off
   */
  VerifiedBlockCache(long capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("cache capacity must not be negative: " + capacity);
    }
    this.capacity = capacity;
  }

  /** The default bound: an eighth of the heap, at most 128 MiB. */
  static long defaultCapacity() {
    return Math.min(128L << 20, Runtime.getRuntime().maxMemory() / 8);
  }

  /** A copy of the cached block, or null. */
  synchronized byte[] get(Multihash key) {
    byte[] b = blocks.get(key);
    return b == null ? null : b.clone();
  }

  /** Marks the start of a read whose result may be {@linkplain #offer offered}. */
  synchronized long epoch() {
    return epoch;
  }

  /**
   * Keeps a copy of a block that matched its multihash if this is its second read since it was last
   * remembered, unless a key was invalidated since {@code readEpoch} (from {@link #epoch()} before
   * the read).
   */
  synchronized void offer(Multihash key, byte[] verified, long readEpoch) {
    if (readEpoch != epoch || verified.length > capacity / 4 || blocks.containsKey(key)) {
      return;
    }
    if (seen.remove(key) == null) {
      seen.put(key, Boolean.TRUE);
      return;
    }
    blocks.put(key, verified.clone());
    bytes += verified.length;
    var eldest = blocks.entrySet().iterator();
    while (bytes > capacity && eldest.hasNext()) {
      bytes -= eldest.next().getValue().length;
      eldest.remove();
    }
  }

  /** Forgets a block that was removed from the store; call after the removal is committed. */
  synchronized void invalidate(Multihash key) {
    epoch++;
    seen.remove(key);
    byte[] b = blocks.remove(key);
    if (b != null) {
      bytes -= b.length;
    }
  }

  synchronized long bytes() {
    return bytes;
  }

  synchronized boolean contains(Multihash key) {
    return blocks.containsKey(key);
  }
}
