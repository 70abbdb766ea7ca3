package io.cairn.node.pinning;

import io.cairn.config.PinningServiceConfig;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.http.HttpRoute;
import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.Cid;
import io.cairn.storage.PinStore;
import io.cairn.storage.Service;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IPFS Pinning Service API (ipfs/pinning-services-api-spec v1.0.0) served by this node under
 * {@value #BASE_PATH} on the API port, and the worker that carries out its requests.
 *
 * <p>A request is stored as {@code queued}; the worker takes it up ({@code pinning}) and pins its
 * CID recursively, under the request's name, once every block of the DAG is in the repo ({@code
 * pinned}). This node does not fetch blocks from other peers yet: a request whose DAG is not
 * complete here keeps {@code pinning}, checked again now and then in case the blocks are added, and
 * fails after {@code PinningService.PinTimeout}. Removing a request removes the pin it made unless
 * another request still needs the CID; a pin that existed before the service was asked for it is
 * never removed by the service.
 */
public final class PinningService implements Service {
  /** Where the API's {@code /pins} endpoints live on the API port. */
  public static final String BASE_PATH = "/pinning";

  private static final Logger LOG = LoggerFactory.getLogger(PinningService.class);
  private static final Duration FIRST_RETRY = Duration.ofMillis(500);
  private static final Duration MAX_RETRY = Duration.ofSeconds(30);

  private final NodeHandle node;
  private final PinningServiceConfig config;
  private final Clock clock;
  private final RequestStore store;
  private final List<String> delegates;
  private final Object lock = new Object();
  private final Map<UUID, Integer> attempts = new ConcurrentHashMap<>();
  private ScheduledExecutorService worker;

  PinningService(NodeHandle node, PinningServiceConfig config, Clock clock) {
    this.node = node;
    this.config = config;
    this.clock = clock;
    this.store = new RequestStore(node.storage().table(RequestStore.TABLE), clock);
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

  @Override
  public synchronized void start() {
    if (worker != null) {
      return;
    }
    worker =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("pinning-worker").factory());
    try (Stream<PinRequest> all = store.all()) {
      all.filter(r -> r.status().pending()).forEach(r -> schedule(r.requestid(), Duration.ZERO));
    }
  }

  @Override
  public synchronized void stop() {
    if (worker == null) {
      return;
    }
    worker.shutdownNow();
    try {
      if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("the pinning worker did not stop within 10 seconds");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    worker = null;
  }

  List<String> delegates() {
    return delegates;
  }

  /** One page of {@code GET /pins}: how many requests match, and the newest of them. */
  record Page(int count, List<PinRequest> results) {}

  PinRequest add(PinRequest.Pin pin) {
    PinRequest r;
    synchronized (lock) {
      UUID id = store.newId();
      r =
          new PinRequest(
              id,
              pin,
              PinRequest.Status.QUEUED,
              RequestStore.createdOf(id),
              Map.of(),
              Optional.empty());
      store.put(r);
    }
    schedule(r.requestid(), Duration.ZERO);
    return r;
  }

  Optional<PinRequest> get(UUID id) {
    return store.get(id);
  }

  Page list(PinQuery query) {
    int count = 0;
    Deque<PinRequest> newest = new ArrayDeque<>(Math.min(query.limit(), 64));
    try (Stream<PinRequest> all = store.all()) {
      for (PinRequest r : (Iterable<PinRequest>) all::iterator) {
        if (query.pastBefore(r.created())) {
          break; // oldest first: nothing later can be before the bound
        }
        if (query.matches(r)) {
          count++;
          newest.addFirst(r);
          if (newest.size() > query.limit()) {
            newest.removeLast();
          }
        }
      }
    }
    return new Page(count, new ArrayList<>(newest));
  }

  /**
   * Replaces request {@code old} by a new one for {@code pin}; empty if there is no such request.
   */
  Optional<PinRequest> replace(UUID old, PinRequest.Pin pin) {
    PinRequest r;
    synchronized (lock) {
      PinRequest previous = store.get(old).orElse(null);
      if (previous == null) {
        return Optional.empty();
      }
      UUID id = store.newId();
      Cid oldCid = previous.pin().cid();
      // The old CID stays pinned until the new request is done, so blocks both DAGs share are
      // not collected in between (the reason the spec has replace).
      r =
          new PinRequest(
              id,
              pin,
              PinRequest.Status.QUEUED,
              RequestStore.createdOf(id),
              Map.of(),
              oldCid.equals(pin.cid()) ? Optional.empty() : Optional.of(oldCid));
      store.put(r);
      store.delete(old);
      previous.release().ifPresent(c -> release(c, id));
    }
    schedule(r.requestid(), Duration.ZERO);
    return Optional.of(r);
  }

  boolean delete(UUID id) {
    synchronized (lock) {
      PinRequest r = store.get(id).orElse(null);
      if (r == null) {
        return false;
      }
      store.delete(id);
      attempts.remove(id);
      release(r.pin().cid(), id);
      r.release().ifPresent(c -> release(c, id));
      return true;
    }
  }

  /** Removes the service's pin of {@code cid} unless a request other than {@code done} needs it. */
  private void release(Cid cid, UUID done) {
    if (!store.owned(cid) || store.needed(cid, done)) {
      return;
    }
    try {
      node.storage().pins().remove(cid, true);
    } catch (IllegalArgumentException e) {
      LOG.debug("pin of {} was already removed: {}", cid, e.getMessage());
    }
    store.setOwned(cid, false);
  }

  private void schedule(UUID id, Duration delay) {
    ScheduledExecutorService w;
    synchronized (this) {
      w = worker;
    }
    if (w == null) {
      return; // start() picks up every pending request
    }
    try {
      w.schedule(() -> process(id), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("pinning worker stopped; request {} waits for the next start", id);
    }
  }

  private void process(UUID id) {
    PinRequest r;
    synchronized (lock) {
      r = store.get(id).orElse(null);
      if (r == null || !r.status().pending()) {
        return;
      }
      if (r.status() == PinRequest.Status.QUEUED) {
        r = r.with(PinRequest.Status.PINNING, details("checking the blocks of the DAG"));
        store.put(r);
      }
    }
    Cid cid = r.pin().cid();
    try {
      boolean made = false;
      if (!pinnedRecursively(cid)) {
        node.storage().pins().add(cid, true, r.pin().name());
        made = true;
      }
      finishPinned(id, cid, made);
    } catch (BlockNotFoundException e) {
      waitForBlocks(r, e.cid());
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        return; // stopping: the request stays pending for the next start
      }
      LOG.debug("pin request {} for {} failed", id, cid, e);
      fail(id, "cannot pin " + cid + ": " + e.getMessage());
    }
  }

  private void finishPinned(UUID id, Cid cid, boolean made) {
    synchronized (lock) {
      attempts.remove(id);
      if (made) {
        store.setOwned(cid, true);
      }
      PinRequest now = store.get(id).orElse(null);
      if (now == null) {
        release(cid, id); // deleted while the DAG was being checked
        return;
      }
      store.put(now.with(PinRequest.Status.PINNED, Map.of()).withoutRelease());
      now.release().ifPresent(c -> release(c, id));
    }
  }

  private void waitForBlocks(PinRequest r, Cid missing) {
    Instant deadline = r.created().plus(config.pinTimeout());
    Instant now = clock.instant();
    if (!now.isBefore(deadline)) {
      fail(
          r.requestid(),
          "gave up after "
              + config.pinTimeout().toString().substring(2).toLowerCase(java.util.Locale.ROOT)
              + ": block "
              + missing
              + " of the DAG is not on this node, which does not fetch blocks from other peers"
              + " yet; add the content to this node and pin it again");
      return;
    }
    synchronized (lock) {
      store
          .get(r.requestid())
          .filter(current -> current.status().pending())
          .ifPresent(
              current ->
                  store.put(
                      current.with(
                          PinRequest.Status.PINNING,
                          details(
                              "waiting for block "
                                  + missing
                                  + ": this node does not fetch blocks from other peers yet, so"
                                  + " the DAG must be added here (fails at "
                                  + PinRequest.TIMESTAMP.format(deadline)
                                  + ")"))));
    }
    int n = attempts.merge(r.requestid(), 1, Integer::sum);
    Duration backoff = FIRST_RETRY.multipliedBy(1L << Math.min(n - 1, 10));
    Duration untilDeadline = Duration.between(now, deadline);
    schedule(r.requestid(), min(min(backoff, MAX_RETRY), untilDeadline));
  }

  private void fail(UUID id, String why) {
    synchronized (lock) {
      attempts.remove(id);
      PinRequest r = store.get(id).orElse(null);
      if (r == null || !r.status().pending()) {
        return;
      }
      store.put(r.with(PinRequest.Status.FAILED, details(why)).withoutRelease());
      r.release().ifPresent(c -> release(c, id));
    }
  }

  private boolean pinnedRecursively(Cid cid) {
    try (Stream<PinStore.Pin> pins = node.storage().pins().list(PinStore.PinType.RECURSIVE)) {
      return pins.anyMatch(p -> p.cid().equals(cid));
    }
  }

  private static Map<String, String> details(String text) {
    return Map.of("status_details", text);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
