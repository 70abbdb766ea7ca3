package io.cairn.node.rpc;

import io.cairn.config.Units;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.Errors;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.ipns.NameSystem;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.IpfsPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * What the commands that meet IPNS names share ({@code name publish}, {@code name resolve}, {@code
 * resolve}): Kubo's DHT resolution options, content paths as Kubo normalises them, and waiting for
 * the name system with the request's cancellation.
 */
final class IpnsPaths {
  /** Kubo's option names, and their short forms, for DHT resolution. */
  static final String RECORD_COUNT = "dht-record-count";

  static final String RECORD_COUNT_SHORT = "dhtrc";
  static final String DHT_TIMEOUT = "dht-timeout";
  static final String DHT_TIMEOUT_SHORT = "dhtt";

  /** What a DHT timeout of 0 ("no timeout", in Kubo's words) waits: the request's own deadline. */
  private static final Duration NO_TIMEOUT = Duration.ofDays(365);

  private IpnsPaths() {}

  /**
   * Kubo's {@code --nocache} (when {@code cacheOption}), {@code --dht-record-count} and {@code
   * --dht-timeout} (a Go duration, 0 for none), with boxo's defaults (16 records, 1 min).
   *
   * @throws ApiException for a count that is not a positive integer (400) or a timeout that is not
   *     a duration or is negative (500, Kubo's words)
   */
  static NameSystem.ResolveOptions resolveOptions(ApiRequest req, boolean cacheOption) {
    NameSystem.ResolveOptions defaults = NameSystem.ResolveOptions.defaults();
    boolean cache = !(cacheOption && req.flag(false, "nocache", "n"));
    long count = req.number(RECORD_COUNT, RECORD_COUNT_SHORT).orElse((long) defaults.recordCount());
    if (count < 0 || count > Integer.MAX_VALUE) {
      throw ApiException.client(
          "option '" + RECORD_COUNT + "' must be a non-negative integer, not " + count);
    }
    Duration timeout = defaults.timeout();
    String text = req.option(DHT_TIMEOUT, DHT_TIMEOUT_SHORT).orElse(null);
    if (text != null) {
      if (text.strip().startsWith("-")) {
        throw new ApiException(ApiException.Kind.NORMAL, "DHT timeout value must be >= 0");
      }
      try {
        timeout = Units.parseDuration(text.strip());
      } catch (IllegalArgumentException e) {
        throw new ApiException(ApiException.Kind.NORMAL, e.getMessage(), e);
      }
      if (timeout.isZero()) {
        timeout = NO_TIMEOUT;
      }
    }
    // boxo asks for at least one record
    return new NameSystem.ResolveOptions(cache, (int) Math.max(1, count), timeout);
  }

  /**
   * A path argument as Kubo's {@code PathOrCidPath} reads it: a content path ({@code /ipfs/},
   * {@code /ipld/} or {@code /ipns/} and at least one more segment), cleaned of empty and {@code .}
   * segments, or a bare CID, which becomes {@code /ipfs/<cid>}.
   *
   * @throws ApiException (500) naming the argument when it is neither
   */
  static String contentPath(String argument) {
    String text = argument.strip();
    if (!text.startsWith("/")) {
      try {
        return "/ipfs/" + Cid.parse(text);
      } catch (IllegalArgumentException notACid) {
        throw new ApiException(
            ApiException.Kind.NORMAL,
            "invalid path \"" + argument + "\": not a CID and not a path starting with /",
            notACid);
      }
    }
    List<String> parts = new ArrayList<>();
    for (String s : text.split("/")) {
      if (!s.isEmpty() && !s.equals(".")) {
        parts.add(s);
      }
    }
    if (parts.size() < 2) {
      throw new ApiException(
          ApiException.Kind.NORMAL,
          "invalid path \"" + argument + "\": path does not have enough components");
    }
    String namespace = parts.get(0);
    try {
      return switch (namespace) {
        case "ipns" -> "/" + String.join("/", parts);
        case "ipfs", "ipld" -> {
          // checks the CID, drops ".." with the segment before it
          IpfsPath parsed =
              IpfsPath.parse("/ipfs/" + String.join("/", parts.subList(1, parts.size())));
          StringBuilder clean = new StringBuilder("/" + namespace + "/" + parts.get(1));
          parsed.segments().forEach(s -> clean.append('/').append(s));
          yield clean.toString();
        }
        default ->
            throw new IllegalArgumentException(
                "invalid path \"" + argument + "\": unknown namespace \"" + namespace + "\"");
      };
    } catch (IllegalArgumentException e) {
      throw new ApiException(ApiException.Kind.NORMAL, e.getMessage(), e);
    }
  }

  /**
   * Resolves the IPNS names at the head of {@code path} with the node's name system ({@link
   * NodeHandle#names}): to an {@code /ipfs/} path when {@code recursive}, else one step. A path of
   * another namespace comes back as it is. A domain name ({@code /ipns/example.com}) resolves
   * through its DNSLink TXT record.
   */
  static String resolve(
      NodeHandle node,
      ApiRequest req,
      String path,
      boolean recursive,
      NameSystem.ResolveOptions options) {
    if (!path.startsWith("/ipns/")) {
      return path;
    }
    NameSystem names = node.names(req);
    return await(req, () -> names.resolve(path, recursive, options)).path();
  }

  /**
   * Waits for what the name system started, giving up when the request is cancelled. Its failure
   * ({@code IpnsException}, {@code IllegalArgumentException}), thrown at once or later, becomes an
   * error (500) with its message.
   *
   * @throws ApiException for the failure, or the request's cancellation
   */
  static <T> T await(ApiRequest req, Supplier<CompletableFuture<T>> work) {
    CompletableFuture<T> future;
    try {
      future = work.get();
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ApiException(ApiException.Kind.NORMAL, Errors.message(e), e);
    }
    req.cancellation().signal().thenRun(() -> future.cancel(true));
    try {
      return future.get();
    } catch (CancellationException e) {
      throw req.cancellation()
          .reason()
          .orElseGet(() -> new ApiException(ApiException.Kind.NORMAL, "canceled", e));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof ApiException a) {
        throw a;
      }
      throw new ApiException(ApiException.Kind.NORMAL, Errors.message(cause), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(ApiException.Kind.NORMAL, "interrupted", e);
    }
  }
}
