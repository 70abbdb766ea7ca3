package io.cairn.node.daemon;

import io.cairn.storage.GcResult;
import io.cairn.storage.Service;
import io.cairn.storage.Storage;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Collects garbage every {@code Datastore.GCPeriod} ({@code cairn daemon --enable-gc}). */
public final class GcService implements Service {
  private static final Logger LOG = LoggerFactory.getLogger(GcService.class);

  private final Storage storage;
  private final Duration period;
  private ScheduledExecutorService timer;

  public GcService(Storage storage, Duration period) {
    this.storage = storage;
    this.period = period;
  }

  @Override
  public String name() {
    return "gc";
  }

  @Override
  public synchronized void start() {
    if (timer != null || period.isZero() || period.isNegative()) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("gc").factory());
    long ms = period.toMillis();
    timer.scheduleWithFixedDelay(this::collect, ms, ms, TimeUnit.MILLISECONDS);
  }

  private void collect() {
    try {
      GcResult r = storage.collectGarbage(cid -> {});
      LOG.info(
          "garbage collection removed {} blocks ({} bytes)", r.blocksRemoved(), r.bytesRemoved());
    } catch (RuntimeException e) {
      LOG.warn("garbage collection failed: {}", e.getMessage());
    }
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
