package io.cairn.compute;

import java.util.ArrayList;
import java.util.List;

/**
 * Tells a running job to stop. An engine polls {@link #isCancelled()} or registers a callback
 * (interrupting its thread, killing a worker process) with {@link #onCancel(Runnable)}.
 */
public final class CancellationToken {
  private final List<Runnable> callbacks = new ArrayList<>();
  private boolean cancelled;

  public void cancel() {
    List<Runnable> toRun;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      toRun = List.copyOf(callbacks);
      callbacks.clear();
    }
    toRun.forEach(Runnable::run);
  }

  public synchronized boolean isCancelled() {
    return cancelled;
  }

  /** Runs {@code callback} once on cancellation, at once if the token is already cancelled. */
  public void onCancel(Runnable callback) {
    synchronized (this) {
      if (!cancelled) {
        callbacks.add(callback);
        return;
      }
    }
    callback.run();
  }
}
