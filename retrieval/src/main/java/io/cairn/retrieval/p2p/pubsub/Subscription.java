package io.cairn.retrieval.p2p.pubsub;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One local subscription to a topic: the messages delivered to it wait in a bounded queue, and one
 * that arrives while the queue is full is dropped and counted (the router never waits for a
 * subscriber). Closing it unsubscribes; when it was the topic's last, peers are told.
 */
public final class Subscription implements AutoCloseable {
  private final String topic;
  private final BlockingQueue<PubsubMessage> queue;
  private final PubsubEngine engine;
  private volatile boolean closed;

  Subscription(String topic, int capacity, PubsubEngine engine) {
    this.topic = topic;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.engine = engine;
  }

  public String topic() {
    return topic;
  }

  /**
   * The next message, waiting up to {@code timeout}; null if none came or the subscription is
   * closed.
   */
  public PubsubMessage next(Duration timeout) throws InterruptedException {
    if (closed) {
      return null;
    }
    return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  public boolean isClosed() {
    return closed;
  }

  /** Queues a message; false (dropped) when the queue is full or the subscription closed. */
  boolean offer(PubsubMessage m) {
    return !closed && queue.offer(m);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      queue.clear();
      engine.unsubscribe(this);
    }
  }
}
