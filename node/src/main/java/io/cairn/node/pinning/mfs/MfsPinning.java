package io.cairn.node.pinning.mfs;

import io.cairn.config.NodeConfig;
import io.cairn.config.PinningConfig;
import io.cairn.config.Units;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.Cancellation;
import io.cairn.node.api.Errors;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.pinning.client.PinningClient;
import io.cairn.storage.Cid;
import io.cairn.storage.Service;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubo's MFS pinning policy ({@code Pinning.RemoteServices.NAME.Policies.MFS}): every poll (30 s,
 * or {@code MFS_PIN_POLL_INTERVAL}) the daemon reads its config file again, so that services and
 * policies added while it runs take effect, and keeps the MFS root pinned on each service whose
 * policy is enabled. A service gets a request when the root changed since the last pin sent to it
 * and its {@code RepinInterval} has passed (see {@link LastPin#skips}); the requests to all
 * services run in parallel on virtual threads, each call with the client's time-out, and the next
 * poll comes a poll interval after they all ended. A service that fails is logged (subsystem {@code
 * remotepinning/mfs}) and tried again at the next poll. Stopping cancels the calls in flight.
 */
public final class MfsPinning implements Service {
  private static final Logger LOG = LoggerFactory.getLogger(MfsPinning.class);

  /** Kubo's {@code daemonConfigPollInterval}. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);

  /** Kubo's environment variable that sets the poll interval, "solely for testing". */
  public static final String POLL_INTERVAL_ENV = "MFS_PIN_POLL_INTERVAL";

  private final Supplier<PinningConfig> config;
  private final Supplier<Cid> root;
  private final String peerId;
  private final Supplier<List<String>> origins;
  private final Duration pollInterval;
  private final Clock clock;

  /** The last pin on each service, by name; read and written by the poll thread only. */
  private final Map<String, LastPin> lastPins = new HashMap<>();

  /** Runs each request to a service; a virtual thread each. */
  private final ExecutorService requests =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("mfs-pin-", 0).factory());

  private ScheduledExecutorService timer;
  private volatile Cancellation inFlight = new Cancellation();
  private volatile boolean stopped;

  MfsPinning(
      Supplier<PinningConfig> config,
      Supplier<Cid> root,
      String peerId,
      Supplier<List<String>> origins,
      Duration pollInterval,
      Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.root = Objects.requireNonNull(root, "root");
    this.peerId = Objects.requireNonNull(peerId, "peerId");
    this.origins = Objects.requireNonNull(origins, "origins");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The policy for the daemon's node: its config file as it is at each poll, its MFS root, and its
   * network's addresses as origins.
   */
  public static MfsPinning of(NodeHandle node, Duration pollInterval) {
    return new MfsPinning(
        () -> NodeConfig.load(node.paths()).pinning(),
        () -> node.mfs().root(),
        node.config().peerId().toString(),
        node::origins,
        pollInterval,
        Clock.systemUTC());
  }

  /**
   * The poll interval: {@value #POLL_INTERVAL_ENV} when set to a Go duration, else {@link
   * #DEFAULT_POLL_INTERVAL} (a value that is not a duration is logged, as Kubo does).
   */
  public static Duration pollInterval(String env) {
    if (env == null || env.isEmpty()) {
      return DEFAULT_POLL_INTERVAL;
    }
    try {
      Duration d = Units.parseDuration(env);
      if (!d.isZero()) {
        return d;
      }
      LOG.error("error parsing {}, using default: a zero interval", POLL_INTERVAL_ENV);
    } catch (IllegalArgumentException e) {
      LOG.error("error parsing {}, using default: {}", POLL_INTERVAL_ENV, e.getMessage());
    }
    return DEFAULT_POLL_INTERVAL;
  }

  @Override
  public String name() {
    return "remotepinning/mfs";
  }

  @Override
  public synchronized void start() {
    if (timer != null || stopped) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("mfs-pin-poll").factory());
    long ms = pollInterval.toMillis();
    timer.scheduleWithFixedDelay(this::pollLogged, ms, ms, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    ExecutorService poll;
    synchronized (this) {
      stopped = true;
      poll = timer;
      timer = null;
    }
    inFlight.cancel(new ApiException(ApiException.Kind.NORMAL, "the daemon is stopping"));
    requests.shutdownNow();
    if (poll == null) {
      return;
    }
    poll.shutdownNow();
    try {
      poll.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void pollLogged() {
    try {
      poll();
    } catch (RuntimeException e) {
      LOG.error("pinning MFS root failed ({})", Errors.message(e));
    }
  }

  /** One round: Kubo's {@code pinAllMFS} on the config and MFS root as they are now. */
  void poll() {
    Map<String, PinningConfig.RemoteService> services;
    try {
      services = config.get().remoteServices();
    } catch (RuntimeException e) {
      LOG.error("pinning reading config ({})", Errors.message(e));
      return;
    }
    LOG.debug("pinning loop is awake, {} remote services", services.size());
    if (services.isEmpty()) {
      return;
    }
    Cid rootCid;
    try {
      rootCid = root.get();
    } catch (RuntimeException e) {
      LOG.error("pinning reading MFS root ({})", Errors.message(e));
      return;
    }
    Cancellation cancellation = new Cancellation();
    inFlight = cancellation;
    if (stopped) {
      return;
    }
    Map<String, Future<LastPin>> sent = new TreeMap<>();
    for (Map.Entry<String, PinningConfig.RemoteService> e : services.entrySet()) {
      String name = e.getKey();
      PinningConfig.RemoteService service = e.getValue();
      if (!service.mfs().enable()) {
        LOG.debug("pinning service \"{}\" is not enabled", name);
        continue;
      }
      Duration repinInterval;
      try {
        repinInterval = LastPin.repinInterval(service.mfs());
      } catch (IllegalArgumentException ex) {
        LOG.error(
            "remote pinning service \"{}\" has invalid MFS.RepinInterval ({})",
            name,
            ex.getMessage());
        continue;
      }
      LastPin last = lastPins.get(name);
      if (last != null && last.skips(service, rootCid, repinInterval, clock.instant())) {
        LOG.debug(
            "pinning MFS root to \"{}\": {} pinned at {}, skipping", name, last.cid(), last.time());
        continue;
      }
      LOG.debug("pinning MFS root \"{}\" to \"{}\"", rootCid, name);
      try {
        sent.put(name, requests.submit(() -> pin(name, service, rootCid, cancellation)));
      } catch (RejectedExecutionException stopping) {
        return;
      }
    }
    for (Map.Entry<String, Future<LastPin>> f : sent.entrySet()) {
      try {
        LastPin pin = f.getValue().get();
        if (pin != null) {
          lastPins.put(f.getKey(), pin);
        }
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException ex) {
        LOG.error("pinning MFS root failed ({})", Errors.message(ex.getCause()));
      }
    }
  }

  /** Pins the root on one service; null, after logging why, when that failed. */
  private LastPin pin(
      String name, PinningConfig.RemoteService service, Cid rootCid, Cancellation cancellation) {
    try {
      PinningClient client =
          new PinningClient(
              PinningConfig.normalizeEndpoint(service.endpoint()),
              service.key(),
              PinningClient.DEFAULT_TIMEOUT,
              cancellation);
      return MfsPinRequest.send(
          client,
          name,
          service,
          rootCid,
          LastPin.pinName(service.mfs(), peerId),
          origins,
          clock.instant());
    } catch (RuntimeException e) {
      if (!stopped) {
        LOG.error("pinning MFS root \"{}\" to \"{}\" ({})", rootCid, name, Errors.message(e));
      }
      return null;
    }
  }
}
