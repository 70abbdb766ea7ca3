package io.cairn.retrieval.ipns;

import io.cairn.storage.PeerId;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * The fetches IPNS over pubsub makes when a peer joins a followed topic: at most {@code
 * concurrency} at a time (Helia's 8), at most {@code capacity} waiting, one per name and peer (a
 * join while the same fetch waits or runs adds nothing); a join past the capacity is dropped and
 * counted. Thread-safe.
 */
final class JoinFetches {
  private record Job(PeerId name, PeerId peer) {}

  private final int concurrency;
  private final int capacity;
  private final BiFunction<PeerId, PeerId, CompletableFuture<?>> fetcher;
  private final Set<Job> waiting = new LinkedHashSet<>();
  private final Set<Job> running = new HashSet<>();
  private long dropped;
  private boolean closed;

  /**
   * @param fetcher fetches the record of a name (first) from a peer (second)
   */
  JoinFetches(
      int concurrency, int capacity, BiFunction<PeerId, PeerId, CompletableFuture<?>> fetcher) {
    this.concurrency = concurrency;
    this.capacity = capacity;
    this.fetcher = fetcher;
  }

  /** Queues a fetch of {@code name}'s record from {@code peer}; false if it was not queued. */
  boolean add(PeerId name, PeerId peer) {
    Job job = new Job(name, peer);
    synchronized (this) {
      if (closed || running.contains(job) || waiting.contains(job)) {
        return false;
      }
      if (waiting.size() >= capacity) {
        dropped++;
        return false;
      }
      waiting.add(job);
    }
    pump();
    return true;
  }

  /** Joins dropped because the queue was full. */
  synchronized long dropped() {
    return dropped;
  }

  /** Drops the waiting fetches and queues no more. */
  synchronized void close() {
    closed = true;
    waiting.clear();
  }

  private void pump() {
    while (true) {
      Job job;
      synchronized (this) {
        if (running.size() >= concurrency || waiting.isEmpty()) {
          return;
        }
        Iterator<Job> first = waiting.iterator();
        job = first.next();
        first.remove();
        running.add(job);
      }
      CompletableFuture<?> f;
      try {
        f = fetcher.apply(job.name(), job.peer());
      } catch (RuntimeException e) {
        f = CompletableFuture.failedFuture(e);
      }
      f.whenComplete(
          (v, e) -> {
            synchronized (this) {
              running.remove(job);
            }
            pump();
          });
    }
  }
}
