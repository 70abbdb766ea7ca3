package io.cairn.node.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory all connections of one API server share for the request bodies that stream to RPC
 * commands ({@link BodyStream}): each body counts here what it holds, read from its socket but not
 * yet taken by its command. While the total is under {@link #total()} a connection may read ahead
 * up to {@link BodyStream#HIGH_WATER}, so that one large upload streams at full speed; past it,
 * each connection holds at most {@link BodyStream#FLOOR} more and reads its socket only as fast as
 * its command takes the bytes. An upload is slowed, never refused, and what bodies hold stays near
 * {@code total() + connections × (FLOOR + one socket read)} instead of {@code connections ×
 * HIGH_WATER}.
 */
final class CommandBodies {
  /** 64 MiB: sixteen uploads at once read ahead as far as one alone. */
  static final long DEFAULT_TOTAL = 64L << 20;

  private final long total;
  private final AtomicLong held = new AtomicLong();

  CommandBodies(long total) {
    if (total <= 0) {
      throw new IllegalArgumentException("the command body budget must be positive, not " + total);
    }
    this.total = total;
  }

  void add(long n) {
    held.addAndGet(n);
  }

  void give(long n) {
    held.addAndGet(-n);
  }

  /** Whether the bodies hold more than the budget: no connection reads ahead beyond its floor. */
  boolean spent() {
    return held.get() > total;
  }

  /** The bytes all bodies hold now. */
  long held() {
    return held.get();
  }
}
