package io.cairn.node.pinning.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.Cancellation;
import io.cairn.node.api.Json;
import io.cairn.storage.Cid;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A client of the IPFS Pinning Service API, as Kubo's {@code pin remote} commands use one (boxo's
 * {@code pinning/remote/client}): add or replace a pin, read one request's status, list pins a page
 * at a time over the spec's {@code before} cursor, and delete a request. Every call has a time-out
 * that covers the whole exchange, and stops when the command is cancelled. A response is read into
 * memory one page at a time (at most {@value #MAX_BODY} bytes), so listing any number of pins holds
 * one page.
 */
public final class PinningClient {
  /** How long one call may take, from connecting to the last byte of the answer. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** Pins per page when listing: boxo's default, the spec's too. */
  public static final int PAGE = 10;

  /** The largest answer read: a page of 1000 pins (the spec's most) fits many times over. */
  static final int MAX_BODY = 16 << 20;

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /**
   * Runs each call's blocking {@code send}, so that the caller can wait with a time-out and cancel.
   * Not {@code sendAsync}: the JDK completes the future that it returns on the JVM's common
   * ForkJoinPool, so even an answer read in full waited for a free common-pool thread, and any task
   * that blocked that pool (one thread on a 2-core host) held every call until its time-out. {@code
   * send} takes no such hop; virtual threads run on a scheduler of their own.
   */
  private static final ExecutorService CALLS =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("pinning-call-", 0).factory());

  private final String endpoint;
  private final String key;
  private final Duration timeout;
  private final Cancellation cancellation;
  private volatile Future<?> inFlight = CompletableFuture.completedFuture(null);

  /**
   * @param endpoint the service's base URL, checked and without {@code /pins}
   * @param key sent as {@code Authorization: Bearer KEY}
   * @param timeout how long each call may take
   * @param cancellation stops the call in flight when it fires
   */
  public PinningClient(String endpoint, String key, Duration timeout, Cancellation cancellation) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.key = Objects.requireNonNull(key, "key");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
    cancellation.signal().thenRun(() -> inFlight.cancel(true));
  }

  /** One page of a listing: the service's count of all matches, and the pins given. */
  public record Page(long count, int size, RemotePin oldest) {}

  /**
   * {@code POST /pins}: asks the service to pin {@code cid}.
   *
   * @param name the pin's name; none when empty
   * @param origins multiaddrs of peers that hold the DAG (this node's), for the service to dial
   */
  public RemotePin add(Cid cid, String name, List<String> origins) {
    return call("POST", "/pins", pinBody(cid, name, origins), PinningClient::pinStatus);
  }

  /**
   * {@code POST /pins/{requestid}}: replaces a pin request with one for {@code cid} (the service
   * gives it a new {@code requestid}), as Kubo's MFS pinning policy moves its pin to a new root.
   *
   * @param name the new pin's name; none when empty
   * @param origins multiaddrs of peers that hold the DAG (this node's), for the service to dial
   */
  public RemotePin replace(String requestId, Cid cid, String name, List<String> origins) {
    return call(
        "POST",
        "/pins/" + encode(requestId),
        pinBody(cid, name, origins),
        PinningClient::pinStatus);
  }

  /** The spec's {@code Pin} object: {@code {cid, name, origins}}, empty fields left out. */
  private static String pinBody(Cid cid, String name, List<String> origins) {
    PinFilter.checkName(name);
    Map<String, Object> pin = new LinkedHashMap<>();
    pin.put("cid", cid.toString());
    if (!name.isEmpty()) {
      pin.put("name", name);
    }
    if (!origins.isEmpty()) {
      pin.put("origins", origins);
    }
    try {
      return Json.MAPPER.writeValueAsString(pin);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RemotePin pinStatus(JsonParser parser, String where) throws IOException {
    return PinJson.status(readTree(parser), where);
  }

  /** {@code GET /pins/{requestid}}: where a request stands. */
  public RemotePin status(String requestId) {
    return call("GET", "/pins/" + encode(requestId), null, PinningClient::pinStatus);
  }

  /** {@code DELETE /pins/{requestid}}: removes a pin request. */
  public void delete(String requestId) {
    call("DELETE", "/pins/" + encode(requestId), null, (p, where) -> null);
  }

  /** How many pins match, as Kubo's {@code service ls --stat} counts them: a page of one. */
  public long count(PinFilter filter) {
    return page(filter, 1, null, pin -> {}).count();
  }

  /**
   * Every pin that matches, newest first, given to {@code each} as it is read; pages follow one
   * another over the spec's {@code before} cursor (the oldest pin's {@code created}), as boxo does,
   * until a page holds all that remain.
   *
   * @throws RemotePinningException when a call fails or an answer is not valid
   */
  public void list(PinFilter filter, Consumer<RemotePin> each) {
    RemotePin before = null;
    while (true) {
      Page page = page(filter, PAGE, before, each);
      if (page.count() == page.size()) {
        return;
      }
      if (page.size() == 0) {
        throw new RemotePinningException(
            "invalid pinning service response: PinResults.count="
                + page.count()
                + " but no PinResults.results");
      }
      before = page.oldest();
    }
  }

  /**
   * One page of pins that match and were created before {@code before}'s (all when null).
   *
   * @param limit pins per page, 1 to 1000
   */
  public Page page(PinFilter filter, int limit, RemotePin before, Consumer<RemotePin> each) {
    String query =
        "/pins?limit="
            + limit
            + filter.query()
            + (before == null
                ? ""
                : "&before=" + encode(DateTimeFormatter.ISO_INSTANT.format(before.created())));
    return call("GET", query, null, (p, where) -> PinJson.results(p, where, each));
  }

  /** Reads an answer's body with the parser; {@code where} names the call in errors. */
  @FunctionalInterface
  interface Reader<T> {
    T read(JsonParser parser, String where) throws IOException;
  }

  private <T> T call(String method, String path, String body, Reader<T> reader) {
    URI uri = URI.create(endpoint + path);
    String where = method + " " + uri;
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Authorization", "Bearer " + key)
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<byte[]> response = exchange(request.build(), where);
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      throw PinJson.failure(status, response.body());
    }
    try (JsonParser parser = Json.MAPPER.createParser(response.body())) {
      return reader.read(parser, where);
    } catch (JsonProcessingException e) {
      throw new RemotePinningException(
          "invalid pinning service response to " + where + ": not JSON: " + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new RemotePinningException("cannot read the answer to " + where + ": " + e, e);
    }
  }

  /** Sends a request and reads the whole answer within the time-out, or throws why not. */
  private HttpResponse<byte[]> exchange(HttpRequest request, String where) {
    cancellation.check();
    Future<HttpResponse<byte[]>> sent =
        CALLS.submit(() -> HTTP.send(request, info -> CappedBody.of(MAX_BODY)));
    inFlight = sent;
    if (cancellation.reason().isPresent()) {
      sent.cancel(true);
    }
    try {
      return sent.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      sent.cancel(true);
      throw unreachable(where, "no answer within " + timeout.toSeconds() + "s", e);
    } catch (CancellationException e) {
      cancellation.check();
      throw e;
    } catch (InterruptedException e) {
      sent.cancel(true);
      Thread.currentThread().interrupt();
      throw new RemotePinningException("interrupted while waiting for " + where, e);
    } catch (ExecutionException e) {
      cancellation.check();
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException) {
        throw unreachable(where, "no answer within " + timeout.toSeconds() + "s", cause);
      }
      // send wraps what the body subscriber failed with in an IOException of its own
      if (cause.getCause() instanceof CappedBody.TooLarge tooLarge) {
        throw new RemotePinningException(
            "invalid pinning service response to " + where + ": " + tooLarge.getMessage(),
            tooLarge);
      }
      throw unreachable(where, reason(cause), cause);
    }
  }

  /** Kubo's error for a call that got no answer. */
  private static RemotePinningException unreachable(String where, String why, Throwable cause) {
    return new RemotePinningException(
        "empty response from remote pinning service: " + where + ": " + why, cause);
  }

  /**
   * Words for why a call got no answer: "connection refused" wherever the chain says so (the JDK
   * wraps it, and its innermost cause is a closed channel), else the first message in the chain.
   */
  private static String reason(Throwable t) {
    String first = null;
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof java.net.ConnectException) {
        return "connection refused";
      }
      if (c instanceof java.nio.channels.UnresolvedAddressException
          || c instanceof java.net.UnknownHostException) {
        return "unknown host";
      }
      if (first == null && c.getMessage() != null) {
        first = c.getMessage();
      }
    }
    return first == null ? t.getClass().getSimpleName() : first;
  }

  private static JsonNode readTree(JsonParser parser) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw new com.fasterxml.jackson.core.JsonParseException(parser, "expected a JSON object");
    }
    return parser.readValueAsTree();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
