package io.cairn.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cairn.compute.JobRecord;
import io.cairn.compute.JobResult;
import io.cairn.compute.JobSpec;
import io.cairn.compute.JobState;
import io.cairn.compute.JobStatus;
import io.cairn.compute.Limits;
import io.cairn.config.RepoPaths;
import io.cairn.node.daemon.Daemon;
import io.cairn.node.daemon.DaemonOptions;
import io.cairn.node.daemon.Versions;
import io.cairn.node.jobs.FixtureJobs;
import io.cairn.node.rpc.Rpcs;
import io.cairn.storage.Block;
import io.cairn.storage.Multicodec;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private Metrics metrics;
  private Daemon daemon;

  @BeforeEach
  void start() {
    metrics = new Metrics(Rpcs.all().paths());
    daemon =
        Daemon.start(
            new RepoPaths(dir.resolve("repo")),
            new DaemonOptions(
                true,
                List.of(),
                new InetSocketAddress("127.0.0.1", 0),
                node -> List.of(metrics.route(node)),
                node -> List.of(),
                metrics),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  @Test
  void scrapeIsTextFormatWithRequestCountersAndGauges() throws Exception {
    // a counter or histogram is written once it has counted something
    post("/api/v0/version");
    metrics.gatewayRequestDone("GET", 200, 10, 1_000_000, "file");
    HttpResponse<String> r = get(Metrics.PATH);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .contains("text/plain; version=0.0.4; charset=utf-8");
    PromText p = PromText.parse(r.body());
    assertThat(p.types)
        .containsEntry("cairn_blockstore_blocks", "gauge")
        .containsEntry("cairn_blockstore_size_bytes", "gauge")
        .containsEntry("cairn_pins", "gauge")
        .containsEntry("jvm_memory_used_bytes", "gauge")
        .containsEntry("jvm_threads_current", "gauge")
        .containsEntry("process_uptime_seconds", "gauge")
        .containsEntry("cairn_api_requests_total", "counter")
        .containsEntry("cairn_api_request_duration_seconds", "histogram")
        .containsEntry("cairn_gateway_requests_total", "counter")
        .containsEntry("cairn_gateway_response_bytes_total", "counter")
        .containsEntry("cairn_gateway_request_duration_seconds", "histogram");
    assertThat(p.value("cairn_blockstore_blocks")).isZero();
    assertThat(p.value("cairn_pins{type=\"recursive\"}")).isZero();
    assertThat(p.value("jvm_memory_used_bytes{area=\"heap\"}")).isPositive();
    assertThat(p.value("jvm_threads_current")).isGreaterThan(1);
    assertThat(p.value("process_uptime_seconds")).isPositive();
  }

  @Test
  void scrapeNamesEveryFamilyWithItsTypeAndLabels() throws Exception {
    post("/api/v0/version");
    get(Metrics.PATH);
    metrics.gatewayRequestDone("GET", 200, 10, 1_000_000, "file");
    PromText p = scrape();
    Map<String, String> types = new TreeMap<>(p.types);
    assertThat(types)
        .isEqualTo(
            new TreeMap<>(
                Map.ofEntries(
                    Map.entry("cairn_api_requests_total", "counter"),
                    Map.entry("cairn_api_request_duration_seconds", "histogram"),
                    Map.entry("cairn_http_requests_total", "counter"),
                    Map.entry("cairn_http_request_duration_seconds", "histogram"),
                    Map.entry("cairn_gateway_requests_total", "counter"),
                    Map.entry("cairn_gateway_response_bytes_total", "counter"),
                    Map.entry("cairn_gateway_request_duration_seconds", "histogram"),
                    Map.entry("cairn_blockstore_blocks", "gauge"),
                    Map.entry("cairn_blockstore_size_bytes", "gauge"),
                    Map.entry("cairn_repo_disk_bytes", "gauge"),
                    Map.entry("cairn_repo_storage_max_bytes", "gauge"),
                    Map.entry("cairn_pins", "gauge"),
                    Map.entry("cairn_jobs_active", "gauge"),
                    Map.entry("cairn_job_fuel_total", "counter"),
                    Map.entry("cairn_job_duration_seconds", "histogram"),
                    Map.entry("jvm_memory_used_bytes", "gauge"),
                    Map.entry("jvm_memory_max_bytes", "gauge"),
                    Map.entry("jvm_threads_current", "gauge"),
                    Map.entry("jvm_threads_daemon", "gauge"),
                    Map.entry("process_start_time_seconds", "gauge"),
                    Map.entry("process_uptime_seconds", "gauge"),
                    Map.entry("cairn_build_info", "gauge"))));
    assertThat(p.labelNames)
        .containsEntry("cairn_api_requests_total", Set.of("command", "status"))
        .containsEntry("cairn_api_request_duration_seconds", Set.of("command", "le"))
        .containsEntry("cairn_http_requests_total", Set.of("handler", "status"))
        .containsEntry("cairn_http_request_duration_seconds", Set.of("handler", "le"))
        .containsEntry("cairn_gateway_requests_total", Set.of("method", "status", "kind"))
        .containsEntry("cairn_gateway_response_bytes_total", Set.of("kind"))
        .containsEntry("cairn_gateway_request_duration_seconds", Set.of("kind", "le"))
        .containsEntry("cairn_blockstore_blocks", Set.of())
        .containsEntry("cairn_pins", Set.of("type"))
        .containsEntry("cairn_jobs_active", Set.of("state"))
        .containsEntry("jvm_memory_used_bytes", Set.of("area"))
        .containsEntry("jvm_memory_max_bytes", Set.of("area"))
        .containsEntry("process_uptime_seconds", Set.of())
        .containsEntry("cairn_build_info", Set.of("version", "java_version"));
    assertThat(
            p.value(
                "cairn_build_info{version=\""
                    + Versions.version()
                    + "\",java_version=\""
                    + System.getProperty("java.version")
                    + "\"}"))
        .isEqualTo(1);
    assertThat(p.samples.keySet())
        .filteredOn(
            k -> k.startsWith("cairn_api_request_duration_seconds_bucket{command=\"version\""))
        .hasSize(Metrics.SECONDS.length + 1);
  }

  @Test
  void countsApiRequestsByCommandAndStatusAndTimesThem() throws Exception {
    PromText before = scrape();
    post("/api/v0/version");
    post("/api/v0/version");
    post("/api/v0/id");
    post("/api/v0/cat?arg=QmBAD");
    assertThat(get("/api/v0/version").statusCode()).isEqualTo(405);
    post("/api/v0/no/such/command");
    PromText after = scrape();

    assertThat(delta(before, after, "cairn_api_requests_total{command=\"version\",status=\"200\"}"))
        .isEqualTo(2);
    assertThat(delta(before, after, "cairn_api_requests_total{command=\"id\",status=\"200\"}"))
        .isEqualTo(1);
    assertThat(delta(before, after, "cairn_api_requests_total{command=\"cat\",status=\"500\"}"))
        .isEqualTo(1);
    assertThat(delta(before, after, "cairn_api_requests_total{command=\"version\",status=\"405\"}"))
        .isEqualTo(1);
    assertThat(delta(before, after, "cairn_api_requests_total{command=\"unknown\",status=\"404\"}"))
        .isEqualTo(1);
    assertThat(after.samples.keySet()).noneMatch(k -> k.contains("no/such"));

    String count = "cairn_api_request_duration_seconds_count{command=\"version\"}";
    assertThat(delta(before, after, count)).isEqualTo(2);
    assertThat(
            after.value(
                "cairn_api_request_duration_seconds_bucket{command=\"version\",le=\"+Inf\"}"))
        .isEqualTo(2);
    assertThat(after.value("cairn_api_request_duration_seconds_sum{command=\"version\"}"))
        .isPositive()
        .isLessThan(10);
    double previous = 0;
    for (double le : Metrics.SECONDS) {
      double b =
          after.value(
              "cairn_api_request_duration_seconds_bucket{command=\"version\",le=\""
                  + PromText.number(le)
                  + "\"}");
      assertThat(b).as("buckets are cumulative").isGreaterThanOrEqualTo(previous);
      previous = b;
    }
    // the scrape before this one was counted as a request to the "debug" endpoint
    assertThat(after.value("cairn_http_requests_total{handler=\"debug\",status=\"200\"}"))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void blockstoreAndPinGaugesFollowAnAdd() throws Exception {
    PromText before = scrape();
    String boundary = "b0undary";
    String body =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n"
            + "x".repeat(300_000)
            + "\r\n--"
            + boundary
            + "--\r\n";
    HttpResponse<String> add =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/v0/add"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(add.statusCode()).isEqualTo(200);
    PromText after = scrape();
    // 300,000 bytes in 256 KiB chunks: two leaves and a root
    assertThat(delta(before, after, "cairn_blockstore_blocks")).isEqualTo(3);
    assertThat(delta(before, after, "cairn_blockstore_size_bytes")).isGreaterThan(300_000);
    assertThat(delta(before, after, "cairn_pins{type=\"recursive\"}")).isEqualTo(1);
    assertThat(delta(before, after, "cairn_api_requests_total{command=\"add\",status=\"200\"}"))
        .isEqualTo(1);
  }

  @Test
  void jobsThatRanAreCountedByEngineAndStatusWithFuelAndWallTime() throws Exception {
    FixtureJobs jobs = new FixtureJobs(daemon.jobs(), daemon.storage().blocks());
    PromText idle = scrape();
    assertThat(idle.value("cairn_jobs_active{state=\"queued\"}")).isZero();
    assertThat(idle.value("cairn_jobs_active{state=\"running\"}")).isZero();
    assertThat(idle.types).doesNotContainKey("cairn_jobs_total");
    assertThat(idle.value("cairn_job_fuel_total")).isZero();
    assertThat(idle.value("cairn_job_duration_seconds_count")).isZero();

    JobRecord hello = jobs.run("hello");
    JobRecord loop = jobs.run("loop", Limits.DEFAULTS.withFuel(10_000));
    assertThat(hello.result().status()).isEqualTo(JobStatus.DONE);
    assertThat(loop.result().status()).isEqualTo(JobStatus.FUEL_EXHAUSTED);
    PromText p = scrape();

    assertThat(p.types)
        .containsEntry("cairn_jobs_total", "counter")
        .containsEntry("cairn_job_fuel_total", "counter")
        .containsEntry("cairn_job_duration_seconds", "histogram");
    assertThat(p.labelNames)
        .containsEntry("cairn_jobs_total", Set.of("engine", "status"))
        .containsEntry("cairn_job_duration_seconds", Set.of("le"));
    assertThat(p.value("cairn_jobs_total{engine=\"wasm\",status=\"done\"}")).isEqualTo(1);
    assertThat(p.value("cairn_jobs_total{engine=\"wasm\",status=\"fuel-exhausted\"}")).isEqualTo(1);
    assertThat(p.samples.keySet()).filteredOn(k -> k.startsWith("cairn_jobs_total")).hasSize(2);
    assertThat(p.value("cairn_job_fuel_total"))
        .isEqualTo(hello.result().fuelUsed() + loop.result().fuelUsed())
        .isGreaterThan(10_000);
    double wall = (hello.result().wallTime().toNanos() + loop.result().wallTime().toNanos()) / 1e9;
    assertThat(p.value("cairn_job_duration_seconds_count")).isEqualTo(2);
    assertThat(p.value("cairn_job_duration_seconds_sum")).isCloseTo(wall, within(1e-9));
    assertThat(p.value("cairn_job_duration_seconds_bucket{le=\"+Inf\"}")).isEqualTo(2);
    assertThat(p.samples.keySet())
        .filteredOn(k -> k.startsWith("cairn_job_duration_seconds_bucket"))
        .hasSize(Metrics.SECONDS.length + 1);
    assertThat(p.value("cairn_jobs_active{state=\"queued\"}")).isZero();
    assertThat(p.value("cairn_jobs_active{state=\"running\"}")).isZero();
  }

  @Test
  void jobStatusLabelsAreTheKindsWithoutFreeText() {
    JobSpec spec = JobSpec.wasm(Block.create(Multicodec.RAW, new byte[] {0}).cid());
    JobRecord queued = new JobRecord(1, spec, JobState.QUEUED, Instant.EPOCH, null);
    assertThat(Labels.jobStatus(queued.with(JobState.CANCELLED, null))).isEqualTo("cancelled");
    assertThat(Labels.jobStatus(ended(queued, JobState.DONE, JobStatus.DONE))).isEqualTo("done");
    assertThat(Labels.jobStatus(ended(queued, JobState.FAILED, new JobStatus.Exit(3))))
        .isEqualTo("exit");
    assertThat(Labels.jobStatus(ended(queued, JobState.FAILED, new JobStatus.Trap("unreachable"))))
        .isEqualTo("trap");
    assertThat(Labels.jobStatus(ended(queued, JobState.FAILED, new JobStatus.Failed("no block"))))
        .isEqualTo("failed");
    assertThat(Labels.jobStatus(ended(queued, JobState.FAILED, JobStatus.MEMORY_LIMIT)))
        .isEqualTo("memory-limit");
    assertThat(Labels.jobStatus(ended(queued, JobState.FAILED, JobStatus.TIMEOUT)))
        .isEqualTo("timeout");
    assertThat(Labels.jobStatus(ended(queued, JobState.FAILED, JobStatus.OUTPUT_LIMIT)))
        .isEqualTo("output-limit");
    // a running job cancelled keeps the result its engine returned
    assertThat(Labels.jobStatus(ended(queued, JobState.CANCELLED, JobStatus.TIMEOUT)))
        .isEqualTo("cancelled");
  }

  private static JobRecord ended(JobRecord job, JobState state, JobStatus status) {
    return job.with(
        state, new JobResult(status, null, null, null, 5, Duration.ofMillis(3), null, null, null));
  }

  @Test
  void gatewayEventsCountByStatusKindAndBytes() throws Exception {
    metrics.gatewayRequestDone("GET", 200, 1_000, 2_000_000, "file");
    metrics.gatewayRequestDone("GET", 200, 500, 30_000_000, "file");
    metrics.gatewayRequestDone("HEAD", 404, 0, 1_000_000, "file");
    metrics.gatewayRequestDone("GET", 200, 4096, 3_000_000_000L, "car");
    metrics.gatewayRequestDone("BREW", 999, 10, 1, "Weird Kind!");
    PromText p = scrape();
    assertThat(p.value("cairn_gateway_requests_total{method=\"GET\",status=\"200\",kind=\"file\"}"))
        .isEqualTo(2);
    assertThat(
            p.value("cairn_gateway_requests_total{method=\"HEAD\",status=\"404\",kind=\"file\"}"))
        .isEqualTo(1);
    assertThat(
            p.value(
                "cairn_gateway_requests_total{method=\"other\",status=\"other\",kind=\"other\"}"))
        .isEqualTo(1);
    assertThat(p.value("cairn_gateway_response_bytes_total{kind=\"file\"}")).isEqualTo(1_500);
    assertThat(p.value("cairn_gateway_response_bytes_total{kind=\"car\"}")).isEqualTo(4096);
    assertThat(p.value("cairn_gateway_request_duration_seconds_count{kind=\"file\"}")).isEqualTo(3);
    assertThat(p.value("cairn_gateway_request_duration_seconds_sum{kind=\"file\"}"))
        .isCloseTo(0.033, within(1e-9));
    // 2 ms and 1 ms fall at or below 2.5 ms; 30 ms only from the 50 ms bucket on
    assertThat(
            p.value("cairn_gateway_request_duration_seconds_bucket{kind=\"file\",le=\"0.0025\"}"))
        .isEqualTo(2);
    assertThat(p.value("cairn_gateway_request_duration_seconds_bucket{kind=\"file\",le=\"0.025\"}"))
        .isEqualTo(2);
    assertThat(p.value("cairn_gateway_request_duration_seconds_bucket{kind=\"file\",le=\"0.05\"}"))
        .isEqualTo(3);
    assertThat(p.value("cairn_gateway_request_duration_seconds_bucket{kind=\"car\",le=\"2.5\"}"))
        .isZero();
    assertThat(p.value("cairn_gateway_request_duration_seconds_bucket{kind=\"car\",le=\"5\"}"))
        .isEqualTo(1);
  }

  @Test
  void provingFiguresAreCountersNamedTotalAndAGauge() {
    MetricSnapshots.Builder out = MetricSnapshots.builder();
    MetricsRoute.proving(
        Map.of(
            "PeriodsProven", 5L,
            "ProofsFailed", 1L,
            "DealsAccepted", 2L,
            "DealsSettled", 0L,
            "DealsRefused", 3L,
            "SettlesFailed", 4L,
            "LastProofMillis", 1_500L),
        out);
    PromText p =
        PromText.parse(new String(MetricsRoute.write(out.build()), StandardCharsets.UTF_8));
    assertThat(p.types)
        .containsOnly(
            Map.entry("cairn_proving_periods_proven_total", "counter"),
            Map.entry("cairn_proving_proofs_failed_total", "counter"),
            Map.entry("cairn_deals_accepted_total", "counter"),
            Map.entry("cairn_deals_settled_total", "counter"),
            Map.entry("cairn_deals_refused_total", "counter"),
            Map.entry("cairn_deals_settles_failed_total", "counter"),
            Map.entry("cairn_proving_last_proof_seconds", "gauge"));
    assertThat(p.value("cairn_proving_periods_proven_total")).isEqualTo(5);
    assertThat(p.value("cairn_proving_proofs_failed_total")).isEqualTo(1);
    assertThat(p.value("cairn_deals_accepted_total")).isEqualTo(2);
    assertThat(p.value("cairn_deals_settled_total")).isZero();
    assertThat(p.value("cairn_deals_refused_total")).isEqualTo(3);
    assertThat(p.value("cairn_deals_settles_failed_total")).isEqualTo(4);
    assertThat(p.value("cairn_proving_last_proof_seconds")).isEqualTo(1.5);
  }

  @Test
  void feeCapHitsAreOneCounterLabelledByWhatWasHeldBack() {
    MetricSnapshots.Builder out = MetricSnapshots.builder();
    MetricsRoute.feeCap(new io.cairn.chain.FeeCapHits(3, 1), out);
    String text = new String(MetricsRoute.write(out.build()), StandardCharsets.UTF_8);
    PromText p = PromText.parse(text);
    assertThat(p.types).containsOnly(Map.entry("cairn_chain_fee_cap_hits_total", "counter"));
    assertThat(text)
        .contains("cairn_chain_fee_cap_hits_total{what=\"refused\"} 3.0")
        .contains("cairn_chain_fee_cap_hits_total{what=\"replacement_withheld\"} 1.0");
  }

  @Test
  void marketFiguresAreCountersByStateAndSourceAndAGaugeOfTheMarketsJobs() {
    io.cairn.node.market.MarketStats stats = new io.cairn.node.market.MarketStats();
    Map<String, Object> s = new java.util.HashMap<>(stats.snapshot());
    s.put("Claimed", 3L);
    s.put("Paid", 2L);
    s.put("VerifierCommits", 4L);
    s.put("InputBytesLocal", 1000L);
    s.put("InputBytesFetched", 250L);
    Map<io.cairn.chain.MarketJobState, Long> market =
        new java.util.EnumMap<>(io.cairn.chain.MarketJobState.class);
    market.put(io.cairn.chain.MarketJobState.POSTED, 5L);
    market.put(io.cairn.chain.MarketJobState.DISPUTED, 1L);
    MetricSnapshots.Builder out = MetricSnapshots.builder();
    MetricsRoute.market(s, market, out);
    PromText p =
        PromText.parse(new String(MetricsRoute.write(out.build()), StandardCharsets.UTF_8));
    assertThat(p.types)
        .containsOnly(
            Map.entry("cairn_market_jobs_total", "counter"),
            Map.entry("cairn_market_verifier_commits_total", "counter"),
            Map.entry("cairn_market_verifier_reveals_total", "counter"),
            Map.entry("cairn_market_input_bytes_total", "counter"),
            Map.entry("cairn_market_jobs_by_state", "gauge"));
    assertThat(p.value("cairn_market_jobs_total{state=\"claimed\"}")).isEqualTo(3);
    assertThat(p.value("cairn_market_jobs_total{state=\"paid\"}")).isEqualTo(2);
    assertThat(p.value("cairn_market_jobs_total{state=\"posted\"}")).isZero();
    assertThat(p.value("cairn_market_verifier_commits_total")).isEqualTo(4);
    assertThat(p.value("cairn_market_input_bytes_total{source=\"local\"}")).isEqualTo(1000);
    assertThat(p.value("cairn_market_input_bytes_total{source=\"fetched\"}")).isEqualTo(250);
    assertThat(p.value("cairn_market_jobs_by_state{state=\"posted\"}")).isEqualTo(5);
    assertThat(p.value("cairn_market_jobs_by_state{state=\"disputed\"}")).isEqualTo(1);
  }

  @Test
  void pinRequestsAreAGaugeByStatus() {
    Map<String, Long> counts = new java.util.LinkedHashMap<>();
    counts.put("queued", 2L);
    counts.put("pinning", 1L);
    counts.put("pinned", 7L);
    counts.put("failed", 0L);
    MetricSnapshots.Builder out = MetricSnapshots.builder();
    MetricsRoute.pinning(counts, out);
    PromText p =
        PromText.parse(new String(MetricsRoute.write(out.build()), StandardCharsets.UTF_8));
    assertThat(p.types).containsOnly(Map.entry("cairn_pinning_requests", "gauge"));
    assertThat(p.value("cairn_pinning_requests{status=\"queued\"}")).isEqualTo(2);
    assertThat(p.value("cairn_pinning_requests{status=\"pinned\"}")).isEqualTo(7);
    assertThat(p.value("cairn_pinning_requests{status=\"failed\"}")).isZero();
  }

  @Test
  void refusesOtherMethods() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + Metrics.PATH))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).contains("GET, HEAD");
  }

  private static double delta(PromText before, PromText after, String key) {
    return after.value(key) - before.valueOr(key, 0);
  }

  private PromText scrape() throws Exception {
    HttpResponse<String> r = get(Metrics.PATH);
    assertThat(r.statusCode()).isEqualTo(200);
    return PromText.parse(r.body());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base() + path))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String base() {
    return "http://127.0.0.1:" + daemon.apiAddress().getPort();
  }
}
