package io.cairn.node.api;

import io.cairn.config.Units;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What Kubo's request context gives a command: a signal that its caller gave up (the client closed
 * the connection: "context canceled") or its {@code timeout} passed ("context deadline exceeded").
 * Network fetches of the command observe it and stop; nothing is interrupted. Fires once: the first
 * reason wins. Thread-safe.
 */
public final class Cancellation {
  /** Kubo's global option that bounds a command's run. */
  public static final String TIMEOUT = "timeout";

  /** Kubo's error for a command whose {@link #TIMEOUT} passed. */
  public static final String DEADLINE = "context deadline exceeded";

  private final CompletableFuture<ApiException> signal = new CompletableFuture<>();

  /** Fires the signal; false if it had fired already. */
  public boolean cancel(ApiException why) {
    return signal.complete(why);
  }

  /** Completes with the reason when the signal fires. */
  public CompletionStage<ApiException> signal() {
    return signal.minimalCompletionStage();
  }

  /** Why the command was cancelled, or empty while it may run. */
  public Optional<ApiException> reason() {
    return Optional.ofNullable(signal.getNow(null));
  }

  /**
   * Arms the {@link #TIMEOUT} option of {@code request}, in Go's duration syntax, on the request's
   * cancellation: it fires with {@link #DEADLINE} at once for {@code 0}, else on {@code timer} when
   * the time has passed.
   *
   * @return the scheduled firing, to cancel once the command has ended; null when none is
   * @throws ApiException a client error naming the option when its value is not a duration
   */
  public static Future<?> armTimeout(ApiRequest request, ScheduledExecutorService timer) {
    String text = request.option(TIMEOUT).orElse(null);
    if (text == null) {
      return null;
    }
    Duration timeout;
    try {
      timeout = Units.parseDuration(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.client(
          "option '"
              + TIMEOUT
              + "' must be a duration such as 500ms, 30s or 1h30m: "
              + e.getMessage());
    }
    Cancellation cancellation = request.cancellation();
    Runnable expire =
        () -> cancellation.cancel(new ApiException(ApiException.Kind.NORMAL, DEADLINE));
    if (timeout.isZero()) {
      expire.run();
      return null;
    }
    return timer.schedule(expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}
