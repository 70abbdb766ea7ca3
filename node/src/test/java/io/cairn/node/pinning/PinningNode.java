package io.cairn.node.pinning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.config.ConfigEditor;
import io.cairn.config.RepoInitializer;
import io.cairn.config.RepoPaths;
import io.cairn.node.api.Json;
import io.cairn.node.daemon.Daemon;
import io.cairn.node.daemon.DaemonOptions;
import io.cairn.node.metrics.Metrics;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.node.rpc.Rpcs;
import io.cairn.storage.Cid;
import io.cairn.storage.PinStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/** A daemon serving the pinning service on a repo of its own, and an HTTP client for it. */
public final class PinningNode implements AutoCloseable {
  public static final String TOKEN = "t0ken-for-tests";
  private final RepoPaths paths;
  private final boolean network;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<Integer, java.util.concurrent.atomic.AtomicInteger> answered =
      new java.util.concurrent.ConcurrentHashMap<>();
  private Daemon daemon;

  /** A new repo with one token ({@link #TOKEN}) and the given pin timeout; no network. */
  public static PinningNode create(Path dir, String pinTimeout) {
    return create(dir, pinTimeout, false);
  }

  /**
   * As {@link #create(Path, String)}; with {@code network}, the node runs its p2p network too (on
   * 127.0.0.1, no bootstrap peers), which the service's worker fetches through.
   */
  public static PinningNode create(Path dir, String pinTimeout, boolean network) {
    RepoPaths paths = new RepoPaths(dir.resolve("repo"));
    RepoInitializer.init(paths, List.of("test"));
    ConfigEditor editor = ConfigEditor.open(paths);
    editor.set("PinningService.Tokens.tests", TOKEN, ConfigEditor.ValueType.STRING);
    editor.set("PinningService.PinTimeout", pinTimeout, ConfigEditor.ValueType.STRING);
    PinningNode n = new PinningNode(paths, network);
    n.start();
    return n;
  }

  private PinningNode(RepoPaths paths, boolean network) {
    this.paths = paths;
    this.network = network;
  }

  void start() {
    AtomicReference<PinningService> service = new AtomicReference<>();
    daemon =
        Daemon.start(
            paths,
            new DaemonOptions(
                false,
                List.of(),
                new InetSocketAddress("127.0.0.1", 0),
                node -> {
                  service.set(PinningService.create(node));
                  return List.of(
                      service.get().route(), new Metrics(Rpcs.all().paths()).route(node));
                },
                node ->
                    network
                        ? List.of(
                            new NodeNetwork(node.config(), node.storage(), null), service.get())
                        : List.of(service.get()),
                (kind, path, status, nanos) -> {
                  if (path.startsWith(PinningService.BASE_PATH + "/")) {
                    answered
                        .computeIfAbsent(
                            status, s -> new java.util.concurrent.atomic.AtomicInteger())
                        .incrementAndGet();
                  }
                }),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  void restart() {
    daemon.close();
    start();
  }

  /** Restarts with another {@code PinningService.PinTimeout}. */
  void restart(String pinTimeout) {
    daemon.close();
    ConfigEditor.open(paths)
        .set("PinningService.PinTimeout", pinTimeout, ConfigEditor.ValueType.STRING);
    start();
  }

  public RepoPaths paths() {
    return paths;
  }

  public Daemon daemon() {
    return daemon;
  }

  public String base() {
    return "http://127.0.0.1:" + daemon.apiAddress().getPort();
  }

  /**
   * How many requests to the Pinning Service API were answered with {@code status} ({@code 202} for
   * each add, replace or delete; {@code 200} for each read). A request is counted just after its
   * answer is sent, so a test polls this until it has the count it waits for.
   */
  public int answered(int status) {
    java.util.concurrent.atomic.AtomicInteger n = answered.get(status);
    return n == null ? 0 : n.get();
  }

  /**
   * {@link #answered(int)} once it has stopped moving (no change for {@code quiet}): the count once
   * the requests made before have all been counted.
   */
  public int settled(int status, Duration quiet) throws InterruptedException {
    int before;
    int now = answered(status);
    do {
      before = now;
      Thread.sleep(quiet.toMillis());
      now = answered(status);
    } while (now != before);
    return now;
  }

  /** Adds {@code data} as a file without pinning it; returns the root CID. */
  public Cid addUnpinned(String name, byte[] data) throws Exception {
    String boundary = "b0undary";
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(head);
    body.write(data);
    body.write(tail);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/v0/add?pin=false"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Cid.parse(Json.MAPPER.readTree(r.body()).path("Hash").asText());
  }

  /** The recursive pins of the repo, by CID to name. */
  public Map<Cid, String> recursivePins() {
    try (Stream<PinStore.Pin> pins = daemon.storage().pins().list(PinStore.PinType.RECURSIVE)) {
      return pins.collect(java.util.stream.Collectors.toMap(PinStore.Pin::cid, PinStore.Pin::name));
    }
  }

  Response call(String method, String path, String body) throws Exception {
    return call(method, path, body, "Bearer " + TOKEN);
  }

  Response call(String method, String path, String body, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = r.body().isEmpty() ? null : Json.MAPPER.readTree(r.body());
    return new Response(r.statusCode(), json, r);
  }

  /** The node's Prometheus metrics, as text. */
  String metrics() throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(base() + "/debug/metrics/prometheus")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  public Response get(String path) throws Exception {
    return call("GET", path, null);
  }

  public Response post(String path, String body) throws Exception {
    return call("POST", path, body);
  }

  /** Polls a request until its status is {@code want}; fails after 15 seconds. */
  public JsonNode awaitStatus(String requestid, String want) throws Exception {
    return await(requestid, want, "");
  }

  /**
   * Polls a request until its status is {@code want} and its {@code info.status_details} contains
   * {@code details}; fails after 15 seconds.
   */
  JsonNode await(String requestid, String want, String details) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < end) {
      Response r = get("/pinning/pins/" + requestid);
      assertThat(r.status()).isEqualTo(200);
      last = r.json();
      if (last.path("status").asText().equals(want)
          && last.at("/info/status_details").asText().contains(details)) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "request " + requestid + " never became " + want + " (" + details + "): " + last);
  }

  @Override
  public void close() {
    daemon.close();
  }

  public record Response(int status, JsonNode json, HttpResponse<String> raw) {
    String reason() {
      return json.path("error").path("reason").asText();
    }

    String details() {
      return json.path("error").path("details").asText();
    }
  }
}
