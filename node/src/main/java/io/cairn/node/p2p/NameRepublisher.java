package io.cairn.node.p2p;

import io.cairn.retrieval.ipns.NameSystem;
import io.cairn.retrieval.ipns.Signer;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Republishes this node's IPNS names on a thread of its own: first a minute after the start (Kubo's
 * initial delay), then every {@link NameSystem#REPUBLISH_INTERVAL}, sooner for a record at half its
 * lifetime before then; a failure is logged and the next run tries again.
 */
final class NameRepublisher {
  private static final Logger LOG = LoggerFactory.getLogger(NameRepublisher.class);

  /** How long after the start the first republish runs (Kubo's initial delay, 1 min). */
  static final Duration FIRST_REPUBLISH = Duration.ofMinutes(1);

  /** The shortest time between two republish runs. */
  static final Duration MIN_REPUBLISH_DELAY = Duration.ofMinutes(1);

  private final NameSystem names;
  private final Function<PeerId, Optional<Signer>> keys;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "ipns-republish");
            t.setDaemon(true);
            return t;
          });

  private NameRepublisher(NameSystem names, Function<PeerId, Optional<Signer>> keys) {
    this.names = names;
    this.keys = keys;
  }

  /** Starts republishing the names of {@code keys}. */
  static NameRepublisher start(NameSystem names, Function<PeerId, Optional<Signer>> keys) {
    NameRepublisher r = new NameRepublisher(names, keys);
    r.timer.schedule(r::run, FIRST_REPUBLISH.toMillis(), TimeUnit.MILLISECONDS);
    return r;
  }

  void stop() {
    timer.shutdownNow();
  }

  private void run() {
    try {
      republishNow();
    } finally {
      scheduleNext();
    }
  }

  private void scheduleNext() {
    if (timer.isShutdown()) {
      return;
    }
    long delay;
    try {
      delay =
          Math.max(
              0,
              names.republishDue(MIN_REPUBLISH_DELAY).toEpochMilli() - System.currentTimeMillis());
    } catch (RuntimeException e) {
      LOG.warn("IPNS republish schedule: {}", e.getMessage());
      delay = NameSystem.REPUBLISH_INTERVAL.toMillis();
    }
    try {
      timer.schedule(this::run, delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopped) {
      // the network stopped
    }
  }

  private void republishNow() {
    try {
      names
          .republish(keys)
          .whenComplete(
              (done, e) -> {
                if (e != null) {
                  LOG.warn("IPNS republish failed: {}", e.getMessage());
                } else if (!done.isEmpty()) {
                  LOG.info("Republished {} IPNS names", done.size());
                }
              });
    } catch (RuntimeException e) {
      LOG.warn("IPNS republish failed: {}", e.getMessage());
    }
  }
}
