package io.cairn.chain;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.exceptions.ClientConnectionException;

/**
 * Waits for something on the chain by polling its head ({@code eth_blockNumber}) every poll
 * interval: at the first poll, and whenever the head has moved since, it asks {@code check}, and
 * completes with the first answer that is not null.
 *
 * <p>Every failure reaches the waiter as a {@link ChainException} that starts with what is awaited
 * and names the JSON-RPC method. A JSON-RPC error answer fails the wait at once: the node answered.
 * A node that could not be reached (an I/O error, an HTTP error) is asked again at the next poll,
 * as {@link EventFollower} does, but only {@link #UNREACHABLE_POLLS} polls in a row: a waiter
 * learns within seconds that the chain went away, not at its own time-out. (web3j's block filter,
 * which this replaces, logged every failed {@code eth_getFilterChanges} and polled on, so the
 * waiter never learnt; and it stopped polling, silently, when it could not reinstall a filter the
 * node had forgotten.)
 */
final class HeadWatch<T> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HeadWatch.class);

  /** Failed polls in a row, the node unreachable each time, after which the wait fails. */
  static final int UNREACHABLE_POLLS = 3;

  private final Web3j web3;
  private final String what;
  private final LongFunction<T> check;
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private final ScheduledExecutorService timer = timer("chain-watch");

  /** The head at the last check, or -1 before the first; only the poll thread uses it. */
  private long checked = -1;

  private int unreachable;

  /**
   * Starts waiting for {@code what} (the start of every error message): {@code check} is given the
   * head and returns the result, or null to wait on.
   */
  HeadWatch(Web3j web3, Duration poll, String what, LongFunction<T> check) {
    this.web3 = web3;
    this.what = what;
    this.check = check;
    result.whenComplete((t, e) -> timer.shutdown());
    timer.scheduleWithFixedDelay(
        this::poll, 0, Math.max(1, poll.toMillis()), TimeUnit.MILLISECONDS);
  }

  /** A single daemon thread named {@code name} that runs polls. */
  static ScheduledExecutorService timer(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  /** Completes with the first result, or with a {@link ChainException}. */
  CompletableFuture<T> result() {
    return result;
  }

  private void poll() {
    try {
      long head = JsonRpc.result(web3.ethBlockNumber(), what).getBlockNumber().longValueExact();
      if (head != checked) {
        T t = check.apply(head);
        checked = head;
        if (t != null) {
          result.complete(t);
        }
      }
      unreachable = 0;
    } catch (ChainException e) {
      boolean down =
          e.getCause() instanceof IOException || e.getCause() instanceof ClientConnectionException;
      if (down && ++unreachable < UNREACHABLE_POLLS && !result.isDone()) {
        LOG.warn(
            "{} (asking again: {} of {} tries)", e.getMessage(), unreachable, UNREACHABLE_POLLS);
        return;
      }
      result.completeExceptionally(
          e.getMessage().startsWith(what)
              ? e
              : new ChainException(what + ": " + e.getMessage(), e));
    } catch (RuntimeException e) {
      result.completeExceptionally(new ChainException(what + ": " + e, e));
    }
  }

  /** Ends the wait, if it still waits, with an error saying the client was closed. */
  @Override
  public void close() {
    result.completeExceptionally(
        new ChainException(what + ": the chain client was closed", null, null));
  }
}
