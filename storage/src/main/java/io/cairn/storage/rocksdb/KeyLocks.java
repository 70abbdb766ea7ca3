package io.cairn.storage.rocksdb;

import io.cairn.storage.Multihash;
import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks over block keys. Each check-then-write of a block (is it held? then write it and
 * count it), each GC deletion and each protection of a key by a write session happens under its
 * key's stripe, so these never interleave for one key. Several keys are locked in ascending stripe
 * order, so two threads locking overlapping sets cannot deadlock.
 */
final class KeyLocks {
  private static final int STRIPES = 1024;

  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

  KeyLocks() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** The locks of a set of keys, held until closed. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  Held lock(Multihash key) {
    ReentrantLock l = stripes[stripe(key)];
    l.lock();
    return l::unlock;
  }

  Held lockAll(Collection<Multihash> keys) {
    int[] order = keys.stream().mapToInt(KeyLocks::stripe).sorted().distinct().toArray();
    int locked = 0;
    try {
      for (int s : order) {
        stripes[s].lock();
        locked++;
      }
    } catch (RuntimeException | Error e) {
      unlock(order, locked);
      throw e;
    }
    int count = locked;
    return () -> unlock(order, count);
  }

  private void unlock(int[] order, int count) {
    for (int i = count - 1; i >= 0; i--) {
      stripes[order[i]].unlock();
    }
  }

  private static int stripe(Multihash key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }
}
