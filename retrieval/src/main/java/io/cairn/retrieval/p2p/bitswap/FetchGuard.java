package io.cairn.retrieval.p2p.bitswap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The fetches of one request, cancelled together when its signal fires (a client that went away, a
 * deadline): each pending fetch future is cancelled, which withdraws its want once no other fetch
 * waits for the block, and the threads waiting on them wake at once. Cooperative: no thread is
 * interrupted, so no shared channel of the block store is closed under a reader. Holds only the
 * fetches in flight, so it does not grow with the number of blocks a request reads. Thread-safe.
 */
final class FetchGuard {
  /** A guard no signal fires. */
  static final FetchGuard NEVER = new FetchGuard();

  private final Set<CompletableFuture<?>> pending =
      Collections.newSetFromMap(new IdentityHashMap<>());
  private Throwable reason;

  private FetchGuard() {}

  /** A guard that fires when {@code signal} completes: its value (or failure) is the reason. */
  static FetchGuard of(CompletionStage<? extends Throwable> signal) {
    FetchGuard g = new FetchGuard();
    signal.whenComplete(
        (why, error) ->
            g.cancel(error != null ? error : why != null ? why : new IllegalStateException()));
    return g;
  }

  /** Why the fetches were cancelled, or null while they run. */
  synchronized Throwable reason() {
    return reason;
  }

  /**
   * Follows {@code fetch} until it completes; cancels it at once when the guard has fired.
   *
   * @return {@code fetch}
   */
  <T> CompletableFuture<T> track(CompletableFuture<T> fetch) {
    if (this == NEVER) {
      return fetch;
    }
    synchronized (this) {
      if (reason == null) {
        pending.add(fetch);
        fetch.whenComplete((v, e) -> forget(fetch));
        return fetch;
      }
    }
    fetch.cancel(false);
    return fetch;
  }

  private synchronized void forget(CompletableFuture<?> fetch) {
    pending.remove(fetch);
  }

  private void cancel(Throwable why) {
    List<CompletableFuture<?>> cancelled;
    synchronized (this) {
      if (reason != null) {
        return;
      }
      reason = why;
      cancelled = new ArrayList<>(pending);
      pending.clear();
    }
    for (CompletableFuture<?> f : cancelled) {
      f.cancel(false);
    }
  }
}
