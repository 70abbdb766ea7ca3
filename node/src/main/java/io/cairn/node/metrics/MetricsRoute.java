package io.cairn.node.metrics;

import io.cairn.compute.JobState;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.chain.ChainService;
import io.cairn.node.http.HttpCall;
import io.cairn.node.http.HttpReply;
import io.cairn.node.http.HttpRoute;
import io.cairn.storage.PinStore;
import io.cairn.storage.StorageException;
import io.cairn.storage.StorageStats;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /debug/metrics/prometheus}: the counters, then gauges read now, in Prometheus' text
 * format as the Prometheus Java client writes it.
 */
final class MetricsRoute implements HttpRoute {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsRoute.class);
  private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

  /** The gauge of queued and running jobs. */
  static final String JOBS_GAUGE = "cairn_jobs_active";

  private final Metrics metrics;
  private final NodeHandle node;

  MetricsRoute(Metrics metrics, NodeHandle node) {
    this.metrics = metrics;
    this.node = node;
  }

  @Override
  public boolean matches(String path) {
    return path.equals(Metrics.PATH);
  }

  @Override
  public HttpReply handle(HttpCall call) {
    if (!call.method().equals("GET") && !call.method().equals("HEAD")) {
      return HttpReply.text(405, "405 - Method Not Allowed").withHeader("Allow", "GET, HEAD");
    }
    return HttpReply.of(200, WRITER.getContentType(), write(scrape()))
        .withHeader("Cache-Control", "no-store");
  }

  private MetricSnapshots scrape() {
    MetricSnapshots.Builder all = MetricSnapshots.builder();
    metrics.requests().forEach(all::metricSnapshot);
    storage(all);
    jobs(all);
    node.network().ifPresent(n -> P2pSnapshots.write(n, all));
    jvm(all);
    proving(all);
    node.chain().flatMap(ChainService::feeCapHits).ifPresent(h -> feeCap(h, all));
    node.market().ifPresent(m -> market(m.stats().snapshot(), m.marketCounts(), all));
    node.pinning().ifPresent(p -> pinningService(p, all));
    return all.build();
  }

  private void pinningService(
      io.cairn.node.pinning.PinningService service, MetricSnapshots.Builder out) {
    Map<String, Long> counts;
    try {
      counts = service.requestCounts();
    } catch (StorageException | IllegalStateException e) {
      LOG.debug("metrics: cannot read the pin requests: {}", e.getMessage());
      return;
    }
    pinning(counts, out);
  }

  /**
   * The pinning service's requests by status, a gauge.
   *
   * @param counts {@link io.cairn.node.pinning.PinningService#requestCounts()}
   */
  static void pinning(Map<String, Long> counts, MetricSnapshots.Builder out) {
    GaugeSnapshot.Builder requests =
        GaugeSnapshot.builder()
            .name("cairn_pinning_requests")
            .help("Requests to the Pinning Service API by status.");
    counts.forEach((status, n) -> requests.dataPoint(point(n, "status", status)));
    out.metricSnapshot(requests.build());
  }

  /**
   * The compute market's figures as metrics: this node's jobs by what it did with them (counters),
   * its verifier commits and reveals, the input bytes its jobs found locally or fetched, and the
   * market's jobs by the state they are in now (a gauge).
   *
   * @param s {@link io.cairn.node.market.MarketStats#snapshot()}
   * @param market the market's jobs by state
   */
  static void market(
      Map<String, Object> s,
      Map<io.cairn.chain.MarketJobState, Long> market,
      MetricSnapshots.Builder out) {
    CounterSnapshot.Builder jobs =
        CounterSnapshot.builder()
            .name("cairn_market_jobs")
            .help(
                "Compute-market jobs this node posted, claimed, ran, submitted, was paid for and"
                    + " disputed since it started.");
    for (String state :
        new String[] {"Posted", "Claimed", "Run", "Submitted", "Paid", "Disputed"}) {
      jobs.dataPoint(
          CounterDataPointSnapshot.builder()
              .value(((Number) s.get(state)).doubleValue())
              .labels(
                  io.prometheus.metrics.model.snapshots.Labels.of(
                      "state", state.toLowerCase(java.util.Locale.ROOT)))
              .build());
    }
    out.metricSnapshot(jobs.build());
    out.metricSnapshot(
        counter(
            s,
            "VerifierCommits",
            "cairn_market_verifier_commits",
            "Results this node committed as a drawn verifier since it started."));
    out.metricSnapshot(
        counter(
            s,
            "VerifierReveals",
            "cairn_market_verifier_reveals",
            "Results this node revealed as a drawn verifier since it started."));
    out.metricSnapshot(
        CounterSnapshot.builder()
            .name("cairn_market_input_bytes")
            .help(
                "Bytes of the modules and inputs of the market jobs this node ran, found in its"
                    + " own store (local) or fetched from peers (fetched).")
            .dataPoint(counterPoint(s, "InputBytesLocal", "source", "local"))
            .dataPoint(counterPoint(s, "InputBytesFetched", "source", "fetched"))
            .build());
    GaugeSnapshot.Builder states =
        GaugeSnapshot.builder()
            .name("cairn_market_jobs_by_state")
            .help("The market's jobs by the state they are in, as of the node's last pass.");
    market.forEach(
        (state, n) ->
            states.dataPoint(point(n, "state", state.name().toLowerCase(java.util.Locale.ROOT))));
    out.metricSnapshot(states.build());
  }

  private static CounterDataPointSnapshot counterPoint(
      Map<String, Object> stats, String key, String label, String value) {
    return CounterDataPointSnapshot.builder()
        .value(((Number) stats.get(key)).doubleValue())
        .labels(io.prometheus.metrics.model.snapshots.Labels.of(label, value))
        .build();
  }

  /** Metrics in the text format. */
  static byte[] write(MetricSnapshots snapshots) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try {
      WRITER.write(out, snapshots);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
    }
    return out.toByteArray();
  }

  private void storage(MetricSnapshots.Builder out) {
    StorageStats stats;
    long recursive = 0;
    long direct = 0;
    try {
      stats = node.storage().stats();
      // Only stored pins: indirect ones would mean walking every pinned DAG at each scrape.
      try (Stream<PinStore.Pin> pins =
          node.storage().pins().list(PinStore.PinType.RECURSIVE, PinStore.PinType.DIRECT)) {
        for (PinStore.Pin p : (Iterable<PinStore.Pin>) pins::iterator) {
          if (p.type() == PinStore.PinType.RECURSIVE) {
            recursive++;
          } else {
            direct++;
          }
        }
      }
    } catch (StorageException | IllegalStateException e) {
      LOG.debug("metrics: cannot read the repo: {}", e.getMessage());
      return;
    }
    out.metricSnapshot(
        gauge("cairn_blockstore_blocks", "Blocks in the block store.", stats.blockCount()));
    out.metricSnapshot(
        gauge(
            "cairn_blockstore_size_bytes",
            "Sum of the sizes of the blocks in the block store.",
            stats.blockBytes()));
    out.metricSnapshot(
        gauge(
            "cairn_repo_disk_bytes", "Bytes the repo's database uses on disk.", stats.diskBytes()));
    out.metricSnapshot(
        gauge(
            "cairn_repo_storage_max_bytes",
            "Datastore.StorageMax: the repo size at which garbage collection starts (0: no limit).",
            node.config().datastore().storageMaxBytes()));
    out.metricSnapshot(
        GaugeSnapshot.builder()
            .name("cairn_pins")
            .help("Stored pins by type (indirect pins are not counted).")
            .dataPoint(point(recursive, "type", "recursive"))
            .dataPoint(point(direct, "type", "direct"))
            .build());
  }

  private void jobs(MetricSnapshots.Builder out) {
    Map<JobState, Long> counts;
    try {
      counts = node.jobs().counts();
    } catch (StorageException | IllegalStateException e) {
      LOG.debug("metrics: cannot read the jobs: {}", e.getMessage());
      return;
    }
    out.metricSnapshot(
        GaugeSnapshot.builder()
            .name(JOBS_GAUGE)
            .help("Compute jobs waiting in the queue and running now.")
            .dataPoint(point(counts.get(JobState.QUEUED), "state", "queued"))
            .dataPoint(point(counts.get(JobState.RUNNING), "state", "running"))
            .build());
  }

  /** The provider's proving loop, when the daemon runs a chain. */
  private void proving(MetricSnapshots.Builder out) {
    node.chain().flatMap(ChainService::provingStats).ifPresent(s -> proving(s, out));
  }

  /**
   * The proving loop's figures as metrics.
   *
   * @param s {@link ChainService#provingStats()}
   */
  static void proving(Map<String, Object> s, MetricSnapshots.Builder out) {
    out.metricSnapshot(
        counter(
            s,
            "PeriodsProven",
            "cairn_proving_periods_proven",
            "Proving periods this node proved (mined proofs) since it started."));
    out.metricSnapshot(
        counter(
            s,
            "ProofsFailed",
            "cairn_proving_proofs_failed",
            "Proofs that failed to build or were refused since the node started."));
    out.metricSnapshot(
        counter(
            s,
            "DealsAccepted",
            "cairn_deals_accepted",
            "Deals this node accepted as provider since it started."));
    out.metricSnapshot(
        counter(
            s,
            "DealsSettled",
            "cairn_deals_settled",
            "Deals this node settled at their end since it started."));
    out.metricSnapshot(
        counter(
            s,
            "DealsRefused",
            "cairn_deals_refused",
            "Deal proposals this node refused as provider (the DAG it fetched did not make the"
                + " deal's piece) since it started."));
    out.metricSnapshot(
        counter(
            s,
            "SettlesFailed",
            "cairn_deals_settles_failed",
            "Settle transactions that failed since the node started."));
    Object ms = s.get("LastProofMillis");
    if (ms instanceof Number n && n.longValue() >= 0) {
      out.metricSnapshot(
          gauge(
              "cairn_proving_last_proof_seconds",
              "Time from seeing the last period's seed to its proof being mined.",
              n.doubleValue() / 1000.0));
    }
  }

  /** Transactions the fee cap (Chain.MaxFee) held back: sends refused, replacements withheld. */
  static void feeCap(io.cairn.chain.FeeCapHits h, MetricSnapshots.Builder out) {
    CounterSnapshot.Builder hits =
        CounterSnapshot.builder()
            .name("cairn_chain_fee_cap_hits")
            .help(
                "Transactions the fee cap (Chain.MaxFee) held back since the node started: sends"
                    + " refused before anything was sent, and pending ones left unreplaced.");
    hits.dataPoint(feeCapPoint("refused", h.refused()));
    hits.dataPoint(feeCapPoint("replacement_withheld", h.replacementsWithheld()));
    out.metricSnapshot(hits.build());
  }

  private static CounterDataPointSnapshot feeCapPoint(String what, long value) {
    return CounterDataPointSnapshot.builder()
        .value(value)
        .labels(io.prometheus.metrics.model.snapshots.Labels.of("what", what))
        .build();
  }

  /**
   * A counter read from the proving loop's figures.
   *
   * @param name without {@code _total}, which the text format adds to a counter's samples
   */
  private static CounterSnapshot counter(
      Map<String, Object> stats, String key, String name, String help) {
    return CounterSnapshot.builder()
        .name(name)
        .help(help)
        .dataPoint(
            CounterDataPointSnapshot.builder()
                .value(((Number) stats.get(key)).doubleValue())
                .build())
        .build();
  }

  private static void jvm(MetricSnapshots.Builder out) {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
    out.metricSnapshot(
        GaugeSnapshot.builder()
            .name("jvm_memory_used_bytes")
            .help("Used bytes of a JVM memory area.")
            .dataPoint(point(heap.getUsed(), "area", "heap"))
            .dataPoint(point(nonHeap.getUsed(), "area", "nonheap"))
            .build());
    out.metricSnapshot(
        GaugeSnapshot.builder()
            .name("jvm_memory_max_bytes")
            .help("Most bytes the JVM heap may grow to.")
            .dataPoint(point(heap.getMax(), "area", "heap"))
            .build());
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    out.metricSnapshot(gauge("jvm_threads_current", "Live JVM threads.", threads.getThreadCount()));
    out.metricSnapshot(
        gauge("jvm_threads_daemon", "Live JVM daemon threads.", threads.getDaemonThreadCount()));
    RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    out.metricSnapshot(
        gauge(
            "process_start_time_seconds",
            "Start time of the process since the Unix epoch.",
            runtime.getStartTime() / 1000.0));
    out.metricSnapshot(
        gauge(
            "process_uptime_seconds",
            "Seconds since the process started.",
            runtime.getUptime() / 1000.0));
  }

  static GaugeSnapshot gauge(String name, String help, double value) {
    return GaugeSnapshot.builder()
        .name(name)
        .help(help)
        .dataPoint(GaugeDataPointSnapshot.builder().value(value).build())
        .build();
  }

  private static GaugeDataPointSnapshot point(double value, String label, String labelValue) {
    return GaugeDataPointSnapshot.builder()
        .value(value)
        .labels(io.prometheus.metrics.model.snapshots.Labels.of(label, labelValue))
        .build();
  }
}
