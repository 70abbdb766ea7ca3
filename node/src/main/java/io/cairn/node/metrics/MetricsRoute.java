package io.cairn.node.metrics;

import io.cairn.node.api.NodeHandle;
import io.cairn.node.daemon.Versions;
import io.cairn.node.http.HttpCall;
import io.cairn.node.http.HttpReply;
import io.cairn.node.http.HttpRoute;
import io.cairn.storage.PinStore;
import io.cairn.storage.StorageException;
import io.cairn.storage.StorageStats;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /debug/metrics/prometheus}: the counters, then gauges read now. */
final class MetricsRoute implements HttpRoute {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsRoute.class);

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
    return HttpReply.of(200, TextFormat.CONTENT_TYPE, scrape().getBytes(StandardCharsets.UTF_8))
        .withHeader("Cache-Control", "no-store");
  }

  String scrape() {
    TextFormat out = new TextFormat();
    metrics.writeRequests(out);
    writeStorage(out);
    writeJvm(out);
    writeProving(out);
    out.family("cairn_build_info", "gauge", "Always 1; the labels name the running build.");
    out.sample(
        "cairn_build_info",
        List.of("version", "java_version"),
        List.of(Versions.version(), System.getProperty("java.version")),
        1);
    return out.text();
  }

  private void writeStorage(TextFormat out) {
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
    out.family("cairn_blockstore_blocks", "gauge", "Blocks in the block store.");
    out.sample("cairn_blockstore_blocks", stats.blockCount());
    out.family(
        "cairn_blockstore_size_bytes",
        "gauge",
        "Sum of the sizes of the blocks in the block store.");
    out.sample("cairn_blockstore_size_bytes", stats.blockBytes());
    out.family("cairn_repo_disk_bytes", "gauge", "Bytes the repo's database uses on disk.");
    out.sample("cairn_repo_disk_bytes", stats.diskBytes());
    out.family(
        "cairn_repo_storage_max_bytes",
        "gauge",
        "Datastore.StorageMax: the repo size at which garbage collection starts (0: no limit).");
    out.sample("cairn_repo_storage_max_bytes", node.config().datastore().storageMaxBytes());
    out.family("cairn_pins", "gauge", "Stored pins by type (indirect pins are not counted).");
    out.sample("cairn_pins", List.of("type"), List.of("recursive"), recursive);
    out.sample("cairn_pins", List.of("type"), List.of("direct"), direct);
  }

  /** The provider's proving loop, when the daemon runs a chain. */
  private void writeProving(TextFormat out) {
    node.chain()
        .flatMap(io.cairn.node.chain.ChainService::provingStats)
        .ifPresent(
            s -> {
              counter(
                  out,
                  s,
                  "PeriodsProven",
                  "cairn_proving_periods_proven_total",
                  "Proving periods this node proved (mined proofs) since it started.");
              counter(
                  out,
                  s,
                  "ProofsFailed",
                  "cairn_proving_proofs_failed_total",
                  "Proofs that failed to build or were refused since the node started.");
              counter(
                  out,
                  s,
                  "DealsAccepted",
                  "cairn_deals_accepted_total",
                  "Deals this node accepted as provider since it started.");
              counter(
                  out,
                  s,
                  "DealsSettled",
                  "cairn_deals_settled_total",
                  "Deals this node settled at their end since it started.");
              Object ms = s.get("LastProofMillis");
              if (ms instanceof Number n && n.longValue() >= 0) {
                out.family(
                    "cairn_proving_last_proof_seconds",
                    "gauge",
                    "Time from seeing the last period's seed to its proof being mined.");
                out.sample("cairn_proving_last_proof_seconds", n.doubleValue() / 1000.0);
              }
            });
  }

  private static void counter(
      TextFormat out, java.util.Map<String, Object> stats, String key, String name, String help) {
    out.family(name, "counter", help);
    out.sample(name, ((Number) stats.get(key)).doubleValue());
  }

  private static void writeJvm(TextFormat out) {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
    out.family("jvm_memory_used_bytes", "gauge", "Used bytes of a JVM memory area.");
    out.sample("jvm_memory_used_bytes", List.of("area"), List.of("heap"), heap.getUsed());
    out.sample("jvm_memory_used_bytes", List.of("area"), List.of("nonheap"), nonHeap.getUsed());
    out.family("jvm_memory_max_bytes", "gauge", "Most bytes the JVM heap may grow to.");
    out.sample("jvm_memory_max_bytes", List.of("area"), List.of("heap"), heap.getMax());
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    out.family("jvm_threads_current", "gauge", "Live JVM threads.");
    out.sample("jvm_threads_current", threads.getThreadCount());
    out.family("jvm_threads_daemon", "gauge", "Live JVM daemon threads.");
    out.sample("jvm_threads_daemon", threads.getDaemonThreadCount());
    RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    out.family(
        "process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch.");
    out.sample("process_start_time_seconds", runtime.getStartTime() / 1000.0);
    out.family("process_uptime_seconds", "gauge", "Seconds since the process started.");
    out.sample("process_uptime_seconds", runtime.getUptime() / 1000.0);
  }
}
