package io.cairn.compute.jobs;

import io.cairn.compute.CancellationToken;
import io.cairn.compute.JobEngine;
import io.cairn.compute.JobQueue;
import io.cairn.compute.JobRecord;
import io.cairn.compute.JobResult;
import io.cairn.compute.JobSpec;
import io.cairn.compute.JobState;
import io.cairn.compute.JobStatus;
import io.cairn.compute.LogStream;
import io.cairn.storage.KeyValueTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link JobQueue} kept in a node-state table and run by a fixed pool of workers in submission
 * order. Every state change is written before it is acted on; all changes go through one lock.
 */
public final class StoredJobQueue implements JobQueue {
  private static final Logger LOG = LoggerFactory.getLogger(StoredJobQueue.class);
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

  private final JobTable table;
  private final JobEngine engine;
  private final ExecutorService workers;
  private final int concurrency;
  private final Clock clock;
  private final Map<Long, CancellationToken> running = new HashMap<>();
  private final Map<Long, CompletableFuture<JobRecord>> completions = new HashMap<>();
  private final Map<Long, LiveLog> live = new HashMap<>();
  private boolean closed;

  private StoredJobQueue(KeyValueTable table, JobEngine engine, int concurrency, Clock clock) {
    this.table = new JobTable(table);
    this.engine = engine;
    this.clock = clock;
    this.concurrency = concurrency;
    AtomicInteger n = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            concurrency,
            r -> {
              Thread t = new Thread(r, "cairn-job-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Opens the queue, puts jobs left running back in the queue and starts the queued ones. */
  public static StoredJobQueue open(KeyValueTable table, JobEngine engine, int concurrency) {
    if (concurrency < 1 || concurrency > 1024) {
      throw new IllegalArgumentException(
          "job concurrency must be between 1 and 1024, not " + concurrency);
    }
    var queue = new StoredJobQueue(table, engine, concurrency, Clock.systemUTC());
    queue.resume();
    return queue;
  }

  /**
   * How many times the node may die while a job runs before the job fails rather than runs again: a
   * job that takes the node down (out of memory, killed by the kernel) would otherwise take it down
   * at every start.
   */
  static final int MAX_DEATHS = 2;

  private synchronized void resume() {
    for (JobRecord job : table.all()) {
      if (job.state() == JobState.RUNNING) {
        // Left running: the node died while it ran (a queue that closes puts its jobs back).
        int deaths = table.deaths(job.id()) + 1;
        if (deaths >= MAX_DEATHS) {
          LOG.warn(
              "job {} was running each of the last {} times the node stopped; not running it again",
              job.id(),
              deaths);
          finish(
              job.with(
                  JobState.FAILED,
                  JobResult.failed(
                      "the node stopped "
                          + deaths
                          + " times while this job ran; it is not run again",
                      Duration.ZERO)));
          continue;
        }
        LOG.info("job {} was running when the node stopped; running it again", job.id());
        table.putDeaths(job.id(), deaths);
        job = job.with(JobState.QUEUED, null);
        table.put(job);
      }
      if (!job.state().terminal()) {
        long id = job.id();
        workers.execute(() -> run(id));
      }
    }
  }

  @Override
  public synchronized JobRecord submit(JobSpec spec) {
    assertOpen();
    JobRecord job =
        new JobRecord(table.allocateId(), spec, JobState.QUEUED, Instant.now(clock), null);
    table.put(job);
    workers.execute(() -> run(job.id()));
    return job;
  }

  @Override
  public synchronized Optional<JobRecord> get(long id) {
    return table.get(id);
  }

  @Override
  public synchronized List<JobRecord> list() {
    return table.all();
  }

  @Override
  public JobRecord cancel(long id) {
    CancellationToken token;
    JobRecord job;
    synchronized (this) {
      job = table.get(id).orElseThrow(() -> new NoSuchElementException("no job " + id));
      if (job.state().terminal()) {
        throw new IllegalStateException("job " + id + " has already ended: " + job.state().label());
      }
      if (job.state() == JobState.QUEUED) {
        return finish(job.with(JobState.CANCELLED, null));
      }
      token = running.get(id);
    }
    if (token != null) {
      token.cancel();
    }
    return job;
  }

  @Override
  public int concurrency() {
    return concurrency;
  }

  @Override
  public int readLive(long id, LogStream stream, long offset, byte[] buf)
      throws InterruptedException {
    LiveLog log;
    synchronized (this) {
      JobRecord job = table.get(id).orElseThrow(() -> new NoSuchElementException("no job " + id));
      if (closed || job.state().terminal()) {
        return -1;
      }
      log = live.computeIfAbsent(id, k -> new LiveLog());
    }
    return log.read(stream, offset, buf);
  }

  @Override
  public synchronized CompletableFuture<JobRecord> completion(long id) {
    JobRecord job = table.get(id).orElseThrow(() -> new NoSuchElementException("no job " + id));
    if (job.state().terminal()) {
      return CompletableFuture.completedFuture(job);
    }
    return completions.computeIfAbsent(id, k -> new CompletableFuture<>());
  }

  @Override
  public void close() {
    List<CancellationToken> tokens;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      tokens = List.copyOf(running.values());
      live.values().forEach(LiveLog::end);
      live.clear();
    }
    tokens.forEach(CancellationToken::cancel);
    workers.shutdownNow();
    try {
      if (!workers.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("job workers did not stop within {}", CLOSE_GRACE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run(long id) {
    CancellationToken token = new CancellationToken();
    JobRecord job;
    LiveLog log;
    synchronized (this) {
      if (closed) {
        return;
      }
      job = table.get(id).orElse(null);
      if (job == null || job.state() != JobState.QUEUED) {
        return;
      }
      job = job.with(JobState.RUNNING, null);
      table.put(job);
      running.put(id, token);
      log = live.computeIfAbsent(id, k -> new LiveLog());
    }
    long start = System.nanoTime();
    JobResult result;
    try {
      result = engine.run(job.spec(), token, log);
    } catch (RuntimeException e) {
      LOG.warn("job {} failed in its engine", id, e);
      result =
          JobResult.failed(
              e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(),
              Duration.ofNanos(System.nanoTime() - start));
    }
    synchronized (this) {
      running.remove(id);
      if (closed) {
        // Stopped by the queue's closing, not by the job: queued again, run when it opens again.
        table.put(job.with(JobState.QUEUED, null));
        return;
      }
      JobState end =
          token.isCancelled()
              ? JobState.CANCELLED
              : result.status() instanceof JobStatus.Done ? JobState.DONE : JobState.FAILED;
      finish(job.with(end, result));
    }
  }

  /**
   * Writes a terminal record, then ends its live logs and completes whoever waits for it; caller
   * holds the lock.
   */
  private JobRecord finish(JobRecord job) {
    table.put(job);
    table.clearDeaths(job.id());
    LiveLog log = live.remove(job.id());
    if (log != null) {
      log.end();
    }
    CompletableFuture<JobRecord> waiting = completions.remove(job.id());
    if (waiting != null) {
      waiting.complete(job);
    }
    return job;
  }

  private void assertOpen() {
    if (closed) {
      throw new IllegalStateException("the job queue is closed");
    }
  }
}
