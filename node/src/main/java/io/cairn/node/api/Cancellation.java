package io.cairn.node.api;

import io.cairn.config.Units;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What Kubo's request context gives a command: a signal that its caller gave up (the client closed
 * the connection: "context canceled") or its {@code timeout} passed ("context deadline exceeded").
 * Network fetches of the command observe it and stop; so do the command's reads of its request body
 * and its writes of results, through {@link #guard(ApiResponse)} and {@link #guard(Iterator)}, so a
 * long local {@code cat} or {@code add} stops too. Nothing is interrupted. Fires once: the first
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
   * Waits {@code time}, or less if the signal fires meanwhile, and then throws its reason: for a
   * command that does something every interval, or records for a while, until its client goes.
   *
   * @throws ApiException why the command was cancelled
   */
  public void sleep(Duration time) throws InterruptedException {
    try {
      signal.get(time.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return; // the whole time, not cancelled
    } catch (ExecutionException e) {
      throw new IllegalStateException("the cancellation signal failed", e);
    }
    check();
  }

  /**
   * Throws the reason when the signal has fired.
   *
   * @throws ApiException why the command was cancelled
   */
  public void check() {
    ApiException why = signal.getNow(null);
    if (why != null) {
      throw why;
    }
  }

  /** {@code response}, whose every value and write first {@link #check checks} this signal. */
  public ApiResponse guard(ApiResponse response) {
    return new ApiResponse() {
      @Override
      public void emit(Object value) {
        check();
        response.emit(value);
      }

      @Override
      public void emitOnce(Object value) {
        check();
        response.emitOnce(value);
      }

      @Override
      public void startStream() {
        check();
        response.startStream();
      }

      @Override
      public OutputStream output(long length) {
        check();
        return guard(response.output(length));
      }

      @Override
      public OutputStream output(long length, String contentType) {
        check();
        return guard(response.output(length, contentType));
      }
    };
  }

  private OutputStream guard(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        checkIo();
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        checkIo();
        out.write(b, off, len);
      }
    };
  }

  /** {@code parts}, whose every step and every read of a part's bytes first checks this signal. */
  public Iterator<BodyPart> guard(Iterator<BodyPart> parts) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        check();
        return parts.hasNext();
      }

      @Override
      public BodyPart next() {
        check();
        BodyPart p = parts.next();
        return p.content() == null ? p : p.withContent(() -> guard(p.content().open()));
      }
    };
  }

  private InputStream guard(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        checkIo();
        return in.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        checkIo();
        return in.read(b, off, len);
      }

      @Override
      public long skip(long n) throws IOException {
        checkIo();
        return in.skip(n);
      }
    };
  }

  /** {@link #check} for stream code: the reason as the cause of an {@link IOException}. */
  private void checkIo() throws IOException {
    ApiException why = signal.getNow(null);
    if (why != null) {
      throw new IOException(why.getMessage(), why);
    }
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
