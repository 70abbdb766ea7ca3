package io.cairn.node.rpc;

import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Kubo's routing query events of one DHT operation: added on the DHT's threads as the operation
 * goes, written to the response from the API's worker thread, in order, until the operation ends:
 * its end seals the events, whether it comes before or after the writing starts. The operation is
 * cancelled when its time runs out or its client goes away.
 */
final class QueryEvents {
  private static final Object END = new Object();

  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private boolean sealed;

  /**
   * Queues an event ({@link P2pRpcs#event}); those added after the operation {@link #follow
   * followed} ended are dropped, whenever {@link #stream} starts.
   */
  synchronized void add(Map<String, Object> event) {
    if (!sealed) {
      queue.add(event);
    }
  }

  /**
   * Follows {@code operation} from now on (call it as soon as the operation is made): its end seals
   * the events, so an event that comes later is never written, even when the operation ends before
   * {@link #stream} starts.
   *
   * @return {@code operation}
   */
  <T> CompletableFuture<T> follow(CompletableFuture<T> operation) {
    operation.whenComplete((r, e) -> seal());
    return operation;
  }

  private synchronized void seal() {
    if (!sealed) {
      sealed = true;
      queue.add(END);
    }
  }

  /**
   * Writes the events to {@code res} as they come until {@code operation} ends, and returns its
   * result.
   *
   * @param what the operation, for errors ("the provider lookup of CID")
   * @throws ApiException when the operation fails, takes longer than {@code timeout} (it is
   *     cancelled), or the request is cancelled (the client went away, its {@code timeout} passed)
   */
  <T> T stream(
      CompletableFuture<T> operation,
      Duration timeout,
      String what,
      ApiRequest req,
      ApiResponse res)
      throws InterruptedException {
    follow(operation);
    req.cancellation().signal().thenRun(() -> operation.cancel(true));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Object next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (next == null) {
        operation.cancel(true);
        throw new ApiException(
            ApiException.Kind.NORMAL, what + " timed out after " + timeout.toSeconds() + " s");
      }
      if (next == END) {
        break;
      }
      res.emit(next);
    }
    req.cancellation().check();
    return P2pRpcs.await(operation, timeout, what);
  }
}
