package io.cairn.node.metrics;

import io.cairn.compute.JobRecord;
import io.cairn.compute.JobResult;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.daemon.Versions;
import io.cairn.node.http.ApiServer;
import io.cairn.node.http.HttpRoute;
import io.cairn.node.http.RequestListener;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Collection;
import java.util.Set;

/**
 * The node's Prometheus metrics, served at {@value #PATH} on the API port: requests to the RPC API
 * by command and status with their latency, requests to the other routes of the API port, gateway
 * requests, compute jobs that ended with their fuel and wall time, and gauges read at scrape time
 * (block store size, pins, jobs queued and running, JVM memory and threads), kept and written by
 * the Prometheus Java client.
 *
 * <p>It hears the API port as its {@link RequestListener}. The gateway reports each response to
 * {@link #gatewayRequestDone}, whose signature is that of the gateway's listener, so the gateway
 * takes {@code metrics::gatewayRequestDone} as one.
 */
public final class Metrics implements RequestListener {
  /** Where Kubo serves its metrics, and so Cairn. */
  public static final String PATH = "/debug/metrics/prometheus";

  /** Bucket bounds in seconds, from a millisecond to a minute: API calls and large downloads. */
  static final double[] SECONDS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
  };

  private static final String API_PREFIX = "/api/v0/";
  private static final String UNKNOWN_COMMAND = "unknown";

  private final Set<String> commands;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter apiRequests =
      Counter.builder()
          .name("cairn_api_requests_total")
          .help("RPC API requests by command and status.")
          .labelNames("command", "status")
          .register(registry);
  private final Histogram apiLatency =
      seconds(
          "cairn_api_request_duration_seconds",
          "Time from the start of an RPC API request to the end of its response.",
          "command");
  private final Counter routeRequests =
      Counter.builder()
          .name("cairn_http_requests_total")
          .help("Requests to the API port's other endpoints (webui, pinning, debug) by status.")
          .labelNames("handler", "status")
          .register(registry);
  private final Histogram routeLatency =
      seconds(
          "cairn_http_request_duration_seconds",
          "Time to answer a request to the API port's other endpoints.",
          "handler");
  private final Counter gatewayRequests =
      Counter.builder()
          .name("cairn_gateway_requests_total")
          .help("Gateway requests by method, status and kind of response.")
          .labelNames("method", "status", "kind")
          .register(registry);
  private final Counter gatewayBytes =
      Counter.builder()
          .name("cairn_gateway_response_bytes_total")
          .help("Bytes of response bodies the gateway sent, by kind of response.")
          .labelNames("kind")
          .register(registry);
  private final Histogram gatewayLatency =
      seconds(
          "cairn_gateway_request_duration_seconds",
          "Time from the start of a gateway request to the end of its response, by kind.",
          "kind");

  private final Counter jobs =
      Counter.builder()
          .name("cairn_jobs_total")
          .help("Compute jobs that ended, by engine and how they ended.")
          .labelNames("engine", "status")
          .register(registry);
  private final Counter jobFuel =
      Counter.builder()
          .name("cairn_job_fuel_total")
          .help("Fuel (WASM instructions) used by the compute jobs that ended.")
          .register(registry);
  private final Histogram jobDuration =
      seconds(
          "cairn_job_duration_seconds",
          "Wall time of the compute jobs that ran, from their results.");

  /**
   * @param commands the RPC API's command paths ({@code add}, {@code pin/ls}); requests for any
   *     other path are counted as command {@code unknown}
   */
  public Metrics(Collection<String> commands) {
    this.commands = Set.copyOf(commands);
    Info.builder()
        .name("cairn_build_info")
        .help("Always 1; the labels name the running build.")
        .labelNames("version", "java_version")
        .register(registry)
        .setLabelValues(Versions.version(), System.getProperty("java.version"));
  }

  /** A histogram of seconds over {@link #SECONDS}, Prometheus' classic buckets only. */
  private Histogram seconds(String name, String help, String... labels) {
    return Histogram.builder()
        .name(name)
        .help(help)
        .classicOnly()
        .classicUpperBounds(SECONDS)
        .labelNames(labels)
        .register(registry);
  }

  /**
   * The route that serves the scrape, reading the node's gauges at each one; from now on the
   * metrics also count the node's jobs as they end.
   */
  public HttpRoute route(NodeHandle node) {
    node.jobs().addListener(this::jobEnded);
    return new MetricsRoute(this, node);
  }

  /**
   * Counts a job that ended, its fuel, and its wall time when it ran (a job cancelled while queued
   * has no result).
   */
  void jobEnded(JobRecord job) {
    jobs.labelValues(job.spec().engine().label(), Labels.jobStatus(job)).inc();
    JobResult r = job.result();
    if (r != null) {
      jobFuel.inc(r.fuelUsed());
      jobDuration.observe(r.wallTime().toNanos() / 1e9);
    }
  }

  /**
   * Counts a request to the API port, as {@link ApiServer} reports it.
   *
   * @param kind {@code api} for an RPC command, {@code route} for another endpoint
   */
  @Override
  public void requestDone(String kind, String path, int status, long nanos) {
    double seconds = nanos / 1e9;
    if (kind.equals("api")) {
      String command = command(path);
      apiRequests.labelValues(command, Labels.status(status)).inc();
      if (nanos > 0) {
        apiLatency.labelValues(command).observe(seconds);
      }
    } else {
      String handler = handler(path);
      routeRequests.labelValues(handler, Labels.status(status)).inc();
      routeLatency.labelValues(handler).observe(seconds);
    }
  }

  /**
   * Counts a gateway response; the signature of the gateway's {@code GatewayListener}.
   *
   * @param bytesSent bytes of the response body sent
   * @param kind what was served ({@code file}, {@code directory}, {@code car}, ...)
   */
  public void gatewayRequestDone(
      String method, int status, long bytesSent, long nanos, String kind) {
    String k = Labels.kind(kind);
    gatewayRequests.labelValues(Labels.method(method), Labels.status(status), k).inc();
    gatewayBytes.labelValues(k).inc(Math.max(0, bytesSent));
    gatewayLatency.labelValues(k).observe(Math.max(0, nanos) / 1e9);
  }

  /** The request counters and histograms, and the build's info, as they stand now. */
  MetricSnapshots requests() {
    return registry.scrape();
  }

  /**
   * The command a request asked for: the API server reports a command's own path once it runs, and
   * the URL path when it refused the request first (405, 403, 404).
   */
  private String command(String path) {
    String p = path.startsWith(API_PREFIX) ? path.substring(API_PREFIX.length()) : path;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return commands.contains(p) ? p : UNKNOWN_COMMAND;
  }

  /** The first segment of a route's path ({@code /pinning/pins/x} is {@code pinning}). */
  private static String handler(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    int slash = p.indexOf('/');
    String first = slash < 0 ? p : p.substring(0, slash);
    return Labels.kind(first.isEmpty() ? "root" : first);
  }
}
