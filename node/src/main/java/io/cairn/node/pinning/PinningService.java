package io.cairn.node.pinning;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.config.PinningServiceConfig;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.http.HttpRoute;
import io.cairn.storage.Service;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The IPFS Pinning Service API (ipfs/pinning-services-api-spec v1.0.0) served by this node under
 * {@value #BASE_PATH} on the API port, and the worker that carries out its requests.
 *
 * <p>A request is stored as {@code queued}; the worker takes it up ({@code pinning}) and pins its
 * CID recursively, under the request's name, once every block of the DAG is in the repo ({@code
 * pinned}). Missing blocks are fetched from peers (the request's origins are dialled first, then
 * Bitswap asks connected peers and the DHT's providers); a request whose DAG cannot be completed
 * keeps {@code pinning}, tried again now and then, and fails after {@code
 * PinningService.PinTimeout}. Removing a request removes the pin it made unless another request
 * still needs the CID; a pin that existed before the service was asked for it is never removed by
 * the service. Requests live in a table of the repo and outlive the daemon.
 */
public final class PinningService implements Service {
  /** Where the API's {@code /pins} endpoints live on the API port. */
  public static final String BASE_PATH = "/pinning";

  private final PinningServiceConfig config;
  private final PinRequests requests;
  private final PinWorker worker;
  private final List<String> delegates;

  PinningService(NodeHandle node, PinningServiceConfig config, Clock clock) {
    this.config = config;
    this.requests = new PinRequests(node, clock);
    this.worker = new PinWorker(node, requests, config.pinTimeout(), clock);
    this.delegates = Delegates.of(node.config().addresses(), node.config().peerId());
  }

  /** The service for a running node, configured by its {@code PinningService} section. */
  public static PinningService create(NodeHandle node) {
    return new PinningService(node, node.config().pinningService(), Clock.systemUTC());
  }

  /** The route serving {@code /pinning/pins} and {@code /pinning/pins/{requestid}}. */
  public HttpRoute route() {
    return new PinningRoute(this, config.tokens());
  }

  @Override
  public String name() {
    return "pinning";
  }

  /** Starts the worker, which takes up the requests left pending when the node last stopped. */
  @Override
  public void start() {
    worker.start();
  }

  @Override
  public void stop() {
    worker.stop();
  }

  /**
   * How many pin requests are in each status ({@code queued}, {@code pinning}, {@code pinned},
   * {@code failed}), for metrics.
   */
  public Map<String, Long> requestCounts() {
    return byWireName(requests.counts());
  }

  /**
   * For the dashboard: requests per status ({@code counts}) and the newest {@code limit} of them in
   * any status ({@code results}, newest first), as the API's {@code PinStatus} objects; one scan of
   * the requests.
   */
  public ObjectNode overview(int limit) {
    PinRequests.Summary summary = requests.summary(limit);
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ObjectNode counts = o.putObject("counts");
    byWireName(summary.counts()).forEach(counts::put);
    ArrayNode results = o.putArray("results");
    summary.newest().forEach(r -> results.add(r.toWire(delegates)));
    return o;
  }

  private static Map<String, Long> byWireName(Map<PinRequest.Status, Long> counts) {
    Map<String, Long> named = new LinkedHashMap<>();
    counts.forEach((status, n) -> named.put(status.wire(), n));
    return named;
  }

  List<String> delegates() {
    return delegates;
  }

  PinRequest add(PinRequest.Pin pin) {
    PinRequest r = requests.add(pin);
    worker.submit(r.requestid());
    return r;
  }

  Optional<PinRequest> get(UUID id) {
    return requests.get(id);
  }

  PinRequests.Page list(PinQuery query) {
    return requests.list(query);
  }

  Optional<PinRequest> replace(UUID old, PinRequest.Pin pin) {
    Optional<PinRequest> r = requests.replace(old, pin);
    r.ifPresent(n -> worker.submit(n.requestid()));
    return r;
  }

  boolean delete(UUID id) {
    return requests.delete(id);
  }
}
