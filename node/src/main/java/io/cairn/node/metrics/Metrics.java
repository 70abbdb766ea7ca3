package io.cairn.node.metrics;

import io.cairn.node.api.NodeHandle;
import io.cairn.node.http.ApiServer;
import io.cairn.node.http.HttpRoute;
import io.cairn.node.http.RequestListener;
import java.util.Collection;
import java.util.Set;

/**
 * The node's Prometheus metrics, served at {@value #PATH} on the API port: requests to the RPC API
 * by command and status with their latency, requests to the other routes of the API port, gateway
 * requests, and gauges read at scrape time (block store size, pins, JVM memory and threads).
 *
 * <p>It hears the API port as its {@link RequestListener}. The gateway reports each response to
 * {@link #gatewayRequestDone}, whose signature is that of the gateway's listener, so the gateway
 * takes {@code metrics::gatewayRequestDone} as one.
 */
public final class Metrics implements RequestListener {
  /** Where Kubo serves its metrics, and so Cairn. */
  public static final String PATH = "/debug/metrics/prometheus";

  private static final String API_PREFIX = "/api/v0/";
  private static final String UNKNOWN_COMMAND = "unknown";

  private final Set<String> commands;
  private final CounterFamily apiRequests =
      new CounterFamily(
          "cairn_api_requests_total",
          "RPC API requests by command and status.",
          "command",
          "status");
  private final HistogramFamily apiLatency =
      new HistogramFamily(
          "cairn_api_request_duration_seconds",
          "Time from the start of an RPC API request to the end of its response.",
          HistogramFamily.SECONDS,
          "command");
  private final CounterFamily routeRequests =
      new CounterFamily(
          "cairn_http_requests_total",
          "Requests to the API port's other endpoints (webui, pinning, debug) by status.",
          "handler",
          "status");
  private final HistogramFamily routeLatency =
      new HistogramFamily(
          "cairn_http_request_duration_seconds",
          "Time to answer a request to the API port's other endpoints.",
          HistogramFamily.SECONDS,
          "handler");
  private final CounterFamily gatewayRequests =
      new CounterFamily(
          "cairn_gateway_requests_total",
          "Gateway requests by method, status and kind of response.",
          "method",
          "status",
          "kind");
  private final CounterFamily gatewayBytes =
      new CounterFamily(
          "cairn_gateway_response_bytes_total",
          "Bytes of response bodies the gateway sent, by kind of response.",
          "kind");
  private final HistogramFamily gatewayLatency =
      new HistogramFamily(
          "cairn_gateway_request_duration_seconds",
          "Time from the start of a gateway request to the end of its response, by kind.",
          HistogramFamily.SECONDS,
          "kind");

  /**
   * @param commands the RPC API's command paths ({@code add}, {@code pin/ls}); requests for any
   *     other path are counted as command {@code unknown}
   */
  public Metrics(Collection<String> commands) {
    this.commands = Set.copyOf(commands);
  }

  /** The route that serves the scrape, reading the node's gauges at each one. */
  public HttpRoute route(NodeHandle node) {
    return new MetricsRoute(this, node);
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
      apiRequests.inc(command, Labels.status(status));
      if (nanos > 0) {
        apiLatency.observe(seconds, command);
      }
    } else {
      String handler = handler(path);
      routeRequests.inc(handler, Labels.status(status));
      routeLatency.observe(seconds, handler);
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
    gatewayRequests.inc(Labels.method(method), Labels.status(status), k);
    gatewayBytes.add(Math.max(0, bytesSent), k);
    gatewayLatency.observe(Math.max(0, nanos) / 1e9, k);
  }

  /** The request counters and histograms in text format. */
  void writeRequests(TextFormat out) {
    apiRequests.write(out);
    apiLatency.write(out);
    routeRequests.write(out);
    routeLatency.write(out);
    gatewayRequests.write(out);
    gatewayBytes.write(out);
    gatewayLatency.write(out);
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
