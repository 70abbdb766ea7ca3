package io.cairn.retrieval.gateway;

import io.netty.channel.Channel;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets a worker thread that streams a response wait until the connection can take more bytes:
 * back-pressure from a slow client, without buffering the body. Signalled by the connection's
 * handler when writability changes or the connection closes.
 */
final class WritabilityGate {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until {@code channel} is writable.
   *
   * @throws IOException when it closes, or stays unwritable for {@code timeoutNanos}
   */
  void await(Channel channel, long timeoutNanos) throws IOException {
    long deadline = System.nanoTime() + timeoutNanos;
    lock.lock();
    try {
      while (channel.isActive() && !channel.isWritable()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IOException("the client stopped reading the response");
        }
        changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the client", e);
    } finally {
      lock.unlock();
    }
    if (!channel.isActive()) {
      throw new IOException("the connection closed");
    }
  }
}
