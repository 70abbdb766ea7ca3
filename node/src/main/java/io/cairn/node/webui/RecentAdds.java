package io.cairn.node.webui;

import io.cairn.storage.Cid;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last uploads made through the dashboard, newest first, in memory. */
final class RecentAdds {
  static final int CAPACITY = 20;

  /** One upload: its root, the file's name, its size in bytes and when it was recorded. */
  record Entry(Cid cid, String name, long size, Instant time) {}

  private final Deque<Entry> entries = new ArrayDeque<>();

  synchronized void record(Entry e) {
    entries.removeIf(old -> old.cid().equals(e.cid()) && old.name().equals(e.name()));
    entries.addFirst(e);
    while (entries.size() > CAPACITY) {
      entries.removeLast();
    }
  }

  synchronized List<Entry> list() {
    return new ArrayList<>(entries);
  }
}
