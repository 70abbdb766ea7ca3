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
 * goes, written to the response from the API's worker thread, in order, until the operation ends.
 * The operation is cancelled when its time runs out or its client goes away.
 */
final class QueryEvents {
  private static final Object END = new Object();

  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();

  /**
   * Queues an event ({@link P2pRpcs#event}); those added after the operation ended, once {@link
   * #stream} follows it, are dropped.
   */
  void add(Map<String, Object> event) {
    queue.add(event);
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
    operation.whenComplete((r, e) -> queue.add(END));
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
