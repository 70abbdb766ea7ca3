package io.cairn.retrieval.p2p.pubsub;

import io.cairn.storage.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topic validators and the workers that run them, go-libp2p-pubsub's validation pipeline in
 * small: at most one validator per topic; a received message with a validator for one of its topics
 * waits for one of {@code workers} threads in a queue of at most {@code queue} messages, and one
 * that finds the queue full is dropped (and counted), so a slow validator never holds a network
 * thread and never makes work pile up. The workers stop when idle. Thread-safe.
 */
final class Validation {
  private static final Logger LOG = LoggerFactory.getLogger(Validation.class);
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final Map<String, TopicValidator> validators = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor workers;

  Validation(int queue, int workers) {
    int pool = POOLS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            workers,
            workers,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queue),
            r -> {
              Thread t = new Thread(r, "pubsub-validate-" + pool + "-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.workers.allowCoreThreadTimeOut(true);
  }

  /**
   * @throws IllegalArgumentException if the topic has a validator already
   */
  void register(String topic, TopicValidator validator) {
    if (validators.putIfAbsent(topic, validator) != null) {
      throw new IllegalArgumentException("duplicate validator for topic " + topic);
    }
  }

  boolean unregister(String topic) {
    return validators.remove(topic) != null;
  }

  /** The validators of the topics, in the topics' order. */
  List<TopicValidator> of(List<String> topics) {
    List<TopicValidator> out = new ArrayList<>(1);
    for (String t : topics) {
      TopicValidator v = validators.get(t);
      if (v != null) {
        out.add(v);
      }
    }
    return out;
  }

  /** Queues a validation; false (nothing queued) when the queue is full. */
  boolean submit(Runnable validation) {
    try {
      workers.execute(validation);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /**
   * The message's fate: REJECT as soon as one validator rejects, else IGNORE if one ignores, else
   * ACCEPT. A validator that throws ignores the message (a fault of ours is not the peer's).
   */
  static TopicValidator.Result run(List<TopicValidator> validators, PeerId from, PubsubMessage m) {
    TopicValidator.Result result = TopicValidator.Result.ACCEPT;
    for (TopicValidator v : validators) {
      TopicValidator.Result r;
      try {
        r = v.validate(from, m);
      } catch (RuntimeException e) {
        LOG.warn("pubsub: a validator of {} failed", m.topics(), e);
        r = TopicValidator.Result.IGNORE;
      }
      if (r == TopicValidator.Result.REJECT) {
        return r;
      }
      if (r != TopicValidator.Result.ACCEPT) {
        result = TopicValidator.Result.IGNORE;
      }
    }
    return result;
  }
}
