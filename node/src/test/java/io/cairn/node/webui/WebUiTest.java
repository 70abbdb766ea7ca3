package io.cairn.node.webui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.compute.JobRecord;
import io.cairn.compute.JobSpec;
import io.cairn.compute.Limits;
import io.cairn.config.ConfigEditor;
import io.cairn.config.RepoInitializer;
import io.cairn.config.RepoPaths;
import io.cairn.node.api.Json;
import io.cairn.node.daemon.Daemon;
import io.cairn.node.daemon.DaemonOptions;
import io.cairn.node.jobs.FixtureJobs;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.storage.Block;
import io.cairn.storage.Multicodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's route on a daemon started as {@code cairn daemon} starts it. */
class WebUiTest {
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private Daemon daemon;

  private void start(String... config) {
    RepoPaths paths = new RepoPaths(dir.resolve("repo"));
    RepoInitializer.init(paths, List.of("test"));
    ConfigEditor editor = ConfigEditor.open(paths);
    for (int i = 0; i < config.length; i += 2) {
      editor.set(config[i], config[i + 1], ConfigEditor.ValueType.JSON);
    }
    daemon =
        Daemon.start(
            paths,
            DaemonOptions.standard(
                false,
                List.of(),
                new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", 0),
                false),
            new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void startUpLinesNameTheDashboardPinningServiceAndMetrics() {
    start();
    String base = base();
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains(
            "WebUI: " + base + "/webui\n",
            "Pinning service: "
                + base
                + "/pinning (no access tokens yet: cairn config PinningService.Tokens.NAME TOKEN)\n",
            "Metrics: " + base + "/debug/metrics/prometheus\n");
  }

  @Test
  void servesThePageWithItsFilesAndRedirectsTheBarePath() throws Exception {
    start();
    HttpResponse<String> bare = get("/webui", Optional.empty());
    assertThat(bare.statusCode()).isEqualTo(301);
    assertThat(bare.headers().firstValue("Location")).contains("/webui/");

    HttpResponse<String> page = get("/webui/", Optional.empty());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("default-src 'self'", "connect-src 'self'");
    assertThat(page.body()).contains("<script src=\"app.js\"", "id=\"file-input\"");
    assertThat(page.body()).doesNotContain("http://", "https://");

    HttpResponse<String> js = get("/webui/app.js", Optional.empty());
    assertThat(js.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
    assertThat(js.body()).contains("/api/v0/add");
    String etag = js.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/webui/app.js"))
                .header("If-None-Match", etag)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(304);
    HttpResponse<String> network = get("/webui/network.js", Optional.empty());
    assertThat(network.headers().firstValue("Content-Type"))
        .contains("text/javascript; charset=utf-8");
    assertThat(network.body()).contains("function renderPeers", "async function refreshDeals");
    HttpResponse<String> files = get("/webui/files.js", Optional.empty());
    assertThat(files.headers().firstValue("Content-Type"))
        .contains("text/javascript; charset=utf-8");
    assertThat(files.body()).contains("async function refreshFiles", "'files/ls'");
    assertThat(page.body()).contains("<script src=\"files.js\"", "id=\"files-card\"");
    assertThat(get("/webui/app.css", Optional.empty()).headers().firstValue("Content-Type"))
        .contains("text/css; charset=utf-8");
    assertThat(get("/webui/nope.js", Optional.empty()).statusCode()).isEqualTo(404);
  }

  @Test
  void statusGivesIdentityAddressesRepoAndPins() throws Exception {
    start("Addresses.Gateway", "\"/ip4/0.0.0.0/tcp/8080\"");
    Block b = Block.create(Multicodec.RAW, "pinned".getBytes(StandardCharsets.UTF_8));
    daemon.storage().blocks().put(b);
    daemon.storage().pins().add(b.cid(), true, "a name");
    JsonNode s = Json.MAPPER.readTree(get("/webui/api/status", Optional.empty()).body());
    assertThat(s.path("peerId").asText()).isEqualTo(daemon.config().peerId().toString());
    assertThat(s.path("agentVersion").asText()).startsWith("cairn/");
    // a gateway on every interface is shown at the host the page came from
    assertThat(s.path("gatewayUrl").asText()).isEqualTo("http://127.0.0.1:8080");
    assertThat(s.at("/repo/blocks").asLong()).isEqualTo(1);
    assertThat(s.at("/repo/blockBytes").asLong()).isEqualTo(6);
    assertThat(s.at("/repo/storageMax").asLong()).isPositive();
    assertThat(s.at("/pins/recursive").asLong()).isEqualTo(1);
    assertThat(s.at("/pins/list/0/Cid").asText()).isEqualTo(b.cid().toString());
    assertThat(s.at("/pins/list/0/Name").asText()).isEqualTo("a name");
    assertThat(s.at("/pinningService/path").asText()).isEqualTo("/pinning");
    // The swarm addresses are where peers dial the node, not the config's port 0.
    List<String> swarm = new ArrayList<>();
    s.at("/addresses/swarm").forEach(a -> swarm.add(a.asText()));
    List<String> listening =
        daemon.service(NodeNetwork.class).orElseThrow().p2p().host().listenAddresses().stream()
            .map(Object::toString)
            .toList();
    assertThat(swarm).isNotEmpty().isEqualTo(listening).noneMatch(a -> a.endsWith("/tcp/0"));
  }

  @Test
  void statusCountsPinningServiceRequestsAndListsTheNewestFirst() throws Exception {
    start("PinningService.Tokens", "{\"app\":\"secret\"}");
    JsonNode idle = Json.MAPPER.readTree(get("/webui/api/status", Optional.empty()).body());
    assertThat(idle.at("/pinningService/requests/counts/pinned").asLong()).isZero();
    assertThat(idle.at("/pinningService/requests/results")).isEmpty();
    List<Block> blocks = new ArrayList<>();
    for (String name : List.of("first", "second")) {
      Block b = Block.create(Multicodec.RAW, name.getBytes(StandardCharsets.UTF_8));
      daemon.storage().blocks().put(b);
      blocks.add(b);
      HttpResponse<String> posted =
          http.send(
              HttpRequest.newBuilder(URI.create(base() + "/pinning/pins"))
                  .header("Authorization", "Bearer secret")
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"cid\":\"" + b.cid() + "\",\"name\":\"" + name + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).isEqualTo(202);
    }
    // Both blocks are local: the worker pins them without the network.
    long deadline = System.nanoTime() + 30_000_000_000L;
    JsonNode s = idle;
    while (s.at("/pinningService/requests/counts/pinned").asLong() < 2
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
      s = Json.MAPPER.readTree(get("/webui/api/status", Optional.empty()).body());
    }
    JsonNode counts = s.at("/pinningService/requests/counts");
    assertThat(counts.path("pinned").asLong()).isEqualTo(2);
    assertThat(counts.path("queued").asLong()).isZero();
    assertThat(counts.path("pinning").asLong()).isZero();
    assertThat(counts.path("failed").asLong()).isZero();
    JsonNode newest = s.at("/pinningService/requests/results/0");
    assertThat(newest.at("/pin/cid").asText()).isEqualTo(blocks.get(1).cid().toString());
    assertThat(newest.at("/pin/name").asText()).isEqualTo("second");
    assertThat(newest.path("status").asText()).isEqualTo("pinned");
    assertThat(newest.path("requestid").asText()).isNotEmpty();
    assertThat(s.at("/pinningService/requests/results/1/pin/name").asText()).isEqualTo("first");
  }

  @Test
  void statusCountsJobsPerStateAndListsTheNewestFirst() throws Exception {
    start();
    JsonNode idle = Json.MAPPER.readTree(get("/webui/api/status", Optional.empty()).body());
    assertThat(idle.at("/jobs/total").asLong()).isZero();
    assertThat(idle.at("/jobs/list")).isEmpty();
    FixtureJobs jobs = new FixtureJobs(daemon.jobs(), daemon.storage().blocks());
    JobRecord hello = jobs.run("hello");
    JobRecord loop = jobs.run("loop", Limits.DEFAULTS.withFuel(10_000));

    JsonNode s = Json.MAPPER.readTree(get("/webui/api/status", Optional.empty()).body());
    JsonNode counts = s.at("/jobs/counts");
    assertThat(counts.path("queued").asLong()).isZero();
    assertThat(counts.path("running").asLong()).isZero();
    assertThat(counts.path("done").asLong()).isEqualTo(1);
    assertThat(counts.path("failed").asLong()).isEqualTo(1);
    assertThat(counts.path("cancelled").asLong()).isZero();
    assertThat(s.at("/jobs/total").asLong()).isEqualTo(2);
    JsonNode first = s.at("/jobs/list/0");
    assertThat(first.path("Id").asLong()).isEqualTo(loop.id());
    assertThat(first.path("State").asText()).isEqualTo("failed");
    assertThat(first.path("Status").asText()).isEqualTo("fuel-exhausted");
    assertThat(first.has("OutputRoot")).isFalse();
    JsonNode second = s.at("/jobs/list/1");
    assertThat(second.path("Id").asLong()).isEqualTo(hello.id());
    assertThat(second.path("State").asText()).isEqualTo("done");
    assertThat(second.path("Status").asText()).isEqualTo("done");
    assertThat(second.path("Engine").asText()).isEqualTo("wasm");
    assertThat(second.path("FuelUsed").asLong()).isEqualTo(hello.result().fuelUsed()).isPositive();
    assertThat(second.path("WallTimeMs").asLong()).isEqualTo(hello.result().wallTime().toMillis());
    assertThat(second.path("OutputRoot").asText())
        .isEqualTo(hello.result().outputRoot().toString());
    assertThat(second.path("Submitted").asText()).isEqualTo(hello.submitted().toString());
  }

  @Test
  void listsAtMostTheNewestFiftyJobs() throws Exception {
    start();
    Block module =
        Block.create(Multicodec.RAW, "not a wasm module".getBytes(StandardCharsets.UTF_8));
    daemon.storage().blocks().put(module);
    long last = 0;
    for (int i = 0; i < NodeStatus.JOB_LIST_LIMIT + 5; i++) {
      // each one fails at once: the module does not validate
      last = daemon.jobs().submit(JobSpec.wasm(module.cid()).withArgs(List.of("" + i))).id();
    }
    JsonNode s = Json.MAPPER.readTree(get("/webui/api/status", Optional.empty()).body());
    assertThat(s.at("/jobs/total").asLong()).isEqualTo(NodeStatus.JOB_LIST_LIMIT + 5);
    assertThat(s.at("/jobs/list").size()).isEqualTo(NodeStatus.JOB_LIST_LIMIT);
    assertThat(s.at("/jobs/list/0/Id").asLong()).isEqualTo(last);
  }

  @Test
  void recordsUploadsOfStoredContentOnly() throws Exception {
    start();
    Block b = Block.create(Multicodec.RAW, "uploaded".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> unknown = postRecent(b.cid().toString(), base());
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("is not in the repo");
    daemon.storage().blocks().put(b);
    assertThat(postRecent(b.cid().toString(), base()).statusCode()).isEqualTo(204);
    assertThat(postRecent("not-a-cid", base()).statusCode()).isEqualTo(400);
    JsonNode s = Json.MAPPER.readTree(get("/webui/api/status", Optional.empty()).body());
    assertThat(s.at("/recent/0/Hash").asText()).isEqualTo(b.cid().toString());
    assertThat(s.at("/recent/0/Name").asText()).isEqualTo("u.txt");
    assertThat(s.at("/recent/0/Size").asLong()).isEqualTo(8);
    assertThat(s.path("recent").size()).isEqualTo(1);
  }

  @Test
  void refusesOtherSitesAndAsksForTheApiSecretWhenOneIsSet() throws Exception {
    start(
        "API.Authorizations",
        "{\"me\": {\"AuthSecret\": \"bearer:s3cret\", \"AllowedPaths\": [\"/api/v0\"]}}");
    assertThat(get("/webui/api/status", Optional.of("https://evil.example")).statusCode())
        .isEqualTo(403);
    assertThat(postRecent("x", "https://evil.example").statusCode()).isEqualTo(403);
    assertThat(get("/webui/api/status", Optional.empty()).statusCode()).isEqualTo(401);
    HttpResponse<String> withSecret =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/webui/api/status"))
                .header("Authorization", "Bearer s3cret")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(withSecret.statusCode()).isEqualTo(200);
    // the page itself needs no secret
    assertThat(get("/webui/", Optional.empty()).statusCode()).isEqualTo(200);
  }

  /** The status line of a GET of the status endpoint with {@code host} in its Host header. */
  private String statusLineFor(String host) throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", daemon.apiAddress().getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              ("GET /webui/api/status HTTP/1.1\r\nHost: "
                      + host
                      + "\r\nSec-Fetch-Site: same-origin\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return all.substring(0, all.indexOf("\r\n"));
    }
  }

  @Test
  void refusesAPageThatReachesItUnderAnotherNameAsDnsRebindingDoes() throws Exception {
    start();
    int port = daemon.apiAddress().getPort();
    // A site whose name was made to resolve to 127.0.0.1 is same-origin with itself there: only
    // the Host header tells it from the node's own address.
    assertThat(statusLineFor("rebound.example:" + port)).isEqualTo("HTTP/1.1 403 Forbidden");
    assertThat(statusLineFor("localhost:" + port)).isEqualTo("HTTP/1.1 200 OK");
    assertThat(statusLineFor("127.0.0.1:" + port)).isEqualTo("HTTP/1.1 200 OK");
    assertThat(statusLineFor("[::1]:" + port)).isEqualTo("HTTP/1.1 200 OK");
  }

  private HttpResponse<String> postRecent(String cid, String origin) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base() + "/webui/api/recent"))
            .header("Origin", origin)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"Hash\":\"" + cid + "\",\"Name\":\"u.txt\",\"Size\":8}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, Optional<String> origin) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path));
    origin.ifPresent(o -> b.header("Origin", o));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String base() {
    return "http://127.0.0.1:" + daemon.apiAddress().getPort();
  }
}
