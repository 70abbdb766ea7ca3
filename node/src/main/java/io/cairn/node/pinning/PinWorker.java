package io.cairn.node.pinning;

import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.retrieval.p2p.bitswap.BlockFetchException;
import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.Cid;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import io.cairn.storage.PinStore;
import io.cairn.storage.dag.DagWalker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out pin requests, {@link #THREADS} at a time: fetches a request's DAG from its origins
 * and other peers (on a node with a network) and pins it once it is complete in the repo; while it
 * is not, looks again after a growing pause (half a second, doubling, at most 30 seconds) until the
 * pin timeout passes. Several threads, so that a large DAG, or one no peer has, does not hold up
 * the requests behind it.
 */
final class PinWorker {
  private static final Logger LOG = LoggerFactory.getLogger(PinWorker.class);
  private static final Duration FIRST_RETRY = Duration.ofMillis(500);
  private static final Duration MAX_RETRY = Duration.ofSeconds(30);
  private static final Duration ORIGIN_DIAL_TIMEOUT = Duration.ofSeconds(10);

  /** Requests carried out at once. */
  static final int THREADS = 4;

  private final NodeHandle node;
  private final PinRequests requests;
  private final Duration timeout;
  private final Clock clock;
  private final Map<UUID, Integer> attempts = new ConcurrentHashMap<>();
  private ScheduledExecutorService executor;

  PinWorker(NodeHandle node, PinRequests requests, Duration timeout, Clock clock) {
    this.node = node;
    this.requests = requests;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** Starts the threads and takes up every pending request. */
  synchronized void start() {
    if (executor != null) {
      return;
    }
    executor =
        Executors.newScheduledThreadPool(
            THREADS, Thread.ofPlatform().daemon().name("pinning-worker-", 0).factory());
    requests.pending().forEach(id -> schedule(id, Duration.ZERO));
  }

  /** Stops the threads; requests they had not finished stay pending for the next start. */
  void stop() {
    ScheduledExecutorService stopping;
    synchronized (this) {
      stopping = executor;
      executor = null;
    }
    if (stopping == null) {
      return;
    }
    // Outside the monitor: a thread that was fetching reschedules its request through it when
    // interrupted, and would otherwise wait here until the time-out below.
    stopping.shutdownNow();
    try {
      if (!stopping.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("the pinning worker did not stop within 10 seconds");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Takes request {@code id} up now (a new request; one not started yet waits for start). */
  void submit(UUID id) {
    schedule(id, Duration.ZERO);
  }

  private synchronized void schedule(UUID id, Duration delay) {
    if (executor == null) {
      return;
    }
    try {
      executor.schedule(() -> process(id), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("pinning worker stopped; request {} waits for the next start", id);
    }
  }

  /**
   * Fetches the request's DAG from peers into the repo: dials the request's origins first (as Kubo
   * does), then walks the DAG through Bitswap, waiting for each block at most until the request's
   * deadline (and the network's usual minute), so that one request cannot hold the worker longer.
   */
  private void fetch(NodeNetwork network, PinRequest r) {
    List<CompletableFuture<?>> dials = new ArrayList<>();
    for (String origin : r.pin().origins()) {
      try {
        Multiaddr a = Multiaddr.parse(origin);
        a.peerId()
            .ifPresent(
                mh ->
                    dials.add(network.p2p().host().connect(PeerId.fromMultihash(mh), List.of(a))));
      } catch (IllegalArgumentException e) {
        LOG.debug(
            "origin {} of pin {} is not a peer address: {}", origin, r.pin().cid(), e.getMessage());
      }
    }
    try {
      CompletableFuture.allOf(dials.toArray(CompletableFuture[]::new))
          .get(ORIGIN_DIAL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("dialing the origins of pin {} failed: {}", r.pin().cid(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    Instant deadline = r.created().plus(timeout);
    requests.waiting(
        r.requestid(),
        "fetching the DAG from peers: the request's origins, the connected peers and the DHT's"
            + " providers (fails at "
            + PinRequest.TIMESTAMP.format(deadline)
            + ")");
    Duration left = Duration.between(clock.instant(), deadline);
    Duration wait = min(NodeNetwork.FETCH_TIMEOUT, max(left, Duration.ofSeconds(1)));
    new DagWalker(network.blocks(wait), DagWalker.OnMissing.FAIL)
        .walk(r.pin().cid(), new HashSet<>(), (c, d) -> true);
  }

  private void process(UUID id) {
    PinRequest r = requests.start(id, "checking the blocks of the DAG").orElse(null);
    if (r == null) {
      attempts.remove(id);
      return;
    }
    Cid cid = r.pin().cid();
    try {
      boolean made = false;
      if (!pinnedRecursively(cid)) {
        node.network().ifPresent(n -> fetch(n, r));
        node.storage().pins().add(cid, true, r.pin().name());
        made = true;
      }
      attempts.remove(id);
      requests.pinned(id, cid, made);
    } catch (BlockNotFoundException e) {
      waitForBlocks(r, e.cid());
    } catch (BlockFetchException e) {
      if (Thread.currentThread().isInterrupted()) {
        return; // stopping: the request stays pending for the next start
      }
      waitForBlocks(r, e.cid());
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        return; // stopping: the request stays pending for the next start
      }
      LOG.debug("pin request {} for {} failed", id, cid, e);
      attempts.remove(id);
      requests.failed(id, "cannot pin " + cid + ": " + e.getMessage());
    }
  }

  private void waitForBlocks(PinRequest r, Cid missing) {
    UUID id = r.requestid();
    Instant deadline = r.created().plus(timeout);
    Instant now = clock.instant();
    boolean online = node.network().isPresent();
    if (!now.isBefore(deadline)) {
      attempts.remove(id);
      requests.failed(
          id,
          "gave up after "
              + words(timeout)
              + ": block "
              + missing
              + (online
                  ? " of the DAG is not on this node and no peer sent it (the request's origins,"
                      + " the connected peers and the DHT's providers were asked); add the"
                      + " content to this node or to a reachable peer and pin it again"
                  : " of the DAG is not on this node, which runs without a network; add the"
                      + " content to this node and pin it again"));
      return;
    }
    requests.waiting(
        id,
        "waiting for block "
            + missing
            + (online
                ? ": no peer has sent it yet; asking again"
                : ": this node runs without a network, so the DAG must be added here")
            + " (fails at "
            + PinRequest.TIMESTAMP.format(deadline)
            + ")");
    int n = attempts.merge(id, 1, Integer::sum);
    Duration backoff = FIRST_RETRY.multipliedBy(1L << Math.min(n - 1, 10));
    schedule(id, min(min(backoff, MAX_RETRY), Duration.between(now, deadline)));
  }

  private boolean pinnedRecursively(Cid cid) {
    try (Stream<PinStore.Pin> pins = node.storage().pins().list(PinStore.PinType.RECURSIVE)) {
      return pins.anyMatch(p -> p.cid().equals(cid));
    }
  }

  /** A duration as the config writes it: {@code 10m}, {@code 1h30m}, {@code 2s}. */
  static String words(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
