package io.cairn.node.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory all connections of one API server share for the bodies of route requests (which routes
 * see whole): a body takes its bytes from here as it arrives and gives them back once its route has
 * answered, so what bodies hold stays under {@link #total()} however many connections send at once.
 * A body that does not fit is refused with 503 and {@code Retry-After}.
 */
final class RouteBodies {
  /** 16 MiB: sixteen Pinning Service bodies of the largest size at once, or hundreds of usual. */
  static final long DEFAULT_TOTAL = 16L << 20;

  private final long total;
  private final AtomicLong used = new AtomicLong();

  RouteBodies(long total) {
    if (total <= 0) {
      throw new IllegalArgumentException("the route body budget must be positive, not " + total);
    }
    this.total = total;
  }

  /** Takes {@code n} bytes if they fit; false if they do not, and nothing is taken. */
  boolean tryTake(long n) {
    while (true) {
      long u = used.get();
      if (u + n > total) {
        return false;
      }
      if (used.compareAndSet(u, u + n)) {
        return true;
      }
    }
  }

  void give(long n) {
    used.addAndGet(-n);
  }

  long used() {
    return used.get();
  }

  long total() {
    return total;
  }
}
