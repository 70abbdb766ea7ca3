package io.cairn.node.api;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What Kubo's request context gives a command: a signal that its caller gave up (the client closed
 * the connection: "context canceled") or its {@code timeout} passed ("context deadline exceeded").
 * Network fetches of the command observe it and stop; nothing is interrupted. Fires once: the first
 * reason wins. Thread-safe.
 */
public final class Cancellation {
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
}
