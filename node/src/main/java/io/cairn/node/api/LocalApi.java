package io.cairn.node.api;

import java.io.OutputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs commands in this process against the repo (no daemon running). Kubo's global {@code timeout}
 * option is checked and armed on the request's {@link Cancellation} as the RPC API does it.
 */
public final class LocalApi implements Api {
  private final ApiCommands commands;
  private final NodeHandle node;
  private ScheduledExecutorService timer;

  public LocalApi(ApiCommands commands, NodeHandle node) {
    this.commands = commands;
    this.node = node;
  }

  @Override
  public void call(ApiRequest request, ResultSink sink) {
    ApiCommand command =
        commands
            .find(request.path())
            .orElseThrow(() -> ApiException.client("unknown command \"" + request.path() + "\""));
    ApiResponse response =
        new ApiResponse() {
          @Override
          public void emit(Object value) {
            sink.value(Json.tree(value));
          }

          @Override
          public OutputStream output(long length) {
            return sink.binary(length);
          }
        };
    Future<?> deadline =
        command.ownsTimeoutOption() || request.option(Cancellation.TIMEOUT).isEmpty()
            ? null
            : Cancellation.armTimeout(request, timer());
    Cancellation cancellation = request.cancellation();
    ApiRequest guarded =
        new ApiRequest(
            request.path(),
            request.arguments(),
            request.options(),
            cancellation.guard(request.body()),
            cancellation);
    try {
      command.run(guarded, cancellation.guard(response), node);
    } catch (Exception e) {
      // As Kubo reports it: the context's error rather than what observed it.
      ApiException gaveUp = cancellation.reason().orElse(null);
      if (gaveUp != null) {
        throw gaveUp;
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new ApiException(ApiException.Kind.NORMAL, Errors.message(e), e);
    } finally {
      if (deadline != null) {
        deadline.cancel(false);
      }
    }
  }

  private synchronized ScheduledExecutorService timer() {
    if (timer == null) {
      timer =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().daemon().name("local-api-deadline").factory());
    }
    return timer;
  }

  @Override
  public boolean remote() {
    return false;
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
