package io.cairn.storage.rocksdb;

import io.cairn.storage.Multihash;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The block keys that open write sessions protect from garbage collection.
 *
 * <p>A session adds a key under the key's stripe lock before it checks or writes the block, and the
 * sweep tests protection and deletes under the same lock: a key is either deleted before the
 * session looks (the session then finds it missing and writes it) or protected before the sweep
 * reaches it. A session that closes while a collection runs stays in force until that collection
 * ends, since the collection's mark began before the session's pin was written.
 */
final class SessionRegistry {
  /** One session's keys; thread-safe. */
  static final class Keys {
    private final ByteKeySet keys = new ByteKeySet();

    synchronized void add(Multihash key) {
      keys.add(key.bytes());
    }

    synchronized boolean contains(Multihash key) {
      return keys.contains(key.bytes());
    }
  }

  private final Object lock = new Object();
  private final Set<Keys> open = new LinkedHashSet<>();
  private final List<Keys> retained = new ArrayList<>();
  private boolean collecting;
  private volatile Keys[] inForce = new Keys[0];

  Keys open() {
    synchronized (lock) {
      Keys k = new Keys();
      open.add(k);
      publish();
      return k;
    }
  }

  void close(Keys keys) {
    synchronized (lock) {
      if (!open.remove(keys)) {
        return;
      }
      if (collecting) {
        retained.add(keys);
      }
      publish();
    }
  }

  /** Called as a collection starts, before it reads the pins. */
  void collectionStarted() {
    synchronized (lock) {
      collecting = true;
    }
  }

  /** Releases the sessions that closed during the collection. */
  void collectionEnded() {
    synchronized (lock) {
      collecting = false;
      retained.clear();
      publish();
    }
  }

  /** Whether an open session, or one closed during the running collection, holds {@code key}. */
  boolean isProtected(Multihash key) {
    for (Keys k : inForce) {
      if (k.contains(key)) {
        return true;
      }
    }
    return false;
  }

  private void publish() {
    List<Keys> all = new ArrayList<>(open);
    all.addAll(retained);
    inForce = all.toArray(Keys[]::new);
  }
}
