package io.cairn.retrieval.p2p.net;

import java.util.concurrent.atomic.AtomicLong;

/** The memory all connections may hold in received frames not yet read by a protocol. */
final class MemoryBudget {
  private final long limit;
  private final AtomicLong used = new AtomicLong();

  MemoryBudget(long limit) {
    this.limit = limit;
  }

  /** Counts {@code bytes}; false (and counted anyway) if the budget is now exceeded. */
  boolean reserve(long bytes) {
    return used.addAndGet(bytes) <= limit;
  }

  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  long used() {
    return used.get();
  }
}
