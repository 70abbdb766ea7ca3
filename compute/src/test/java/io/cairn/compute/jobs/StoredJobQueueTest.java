package io.cairn.compute.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.compute.CancellationToken;
import io.cairn.compute.JobEngine;
import io.cairn.compute.JobQueue;
import io.cairn.compute.JobQueues;
import io.cairn.compute.JobRecord;
import io.cairn.compute.JobResult;
import io.cairn.compute.JobSpec;
import io.cairn.compute.JobState;
import io.cairn.compute.JobStatus;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("compute")
class StoredJobQueueTest {
  private static final long WAIT_S = 30;

  @TempDir Path dir;

  static JobSpec spec(String arg) {
    Cid module =
        Cid.compute(
            1, Multicodec.RAW.code(), HashFunction.SHA2_256, "m".getBytes(StandardCharsets.UTF_8));
    return JobSpec.wasm(module).withArgs(List.of(arg));
  }

  static JobResult result(JobStatus status) {
    return new JobResult(status, null, null, null, 7, Duration.ofMillis(1), null, null, null);
  }

  /** Ends each job as its first argument says: "ok", "exit", "boom" (throws) or "wait". */
  static final class ScriptedEngine implements JobEngine {
    final Semaphore started = new Semaphore(0);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger maxActive = new AtomicInteger();
    final ConcurrentLinkedQueue<String> ran = new ConcurrentLinkedQueue<>();

    @Override
    public JobResult run(JobSpec spec, CancellationToken cancel) {
      String arg = spec.args().get(0);
      ran.add(arg);
      maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
      started.release();
      try {
        switch (arg) {
          case "ok":
            return result(JobStatus.DONE);
          case "exit":
            return result(new JobStatus.Exit(1));
          case "boom":
            throw new IllegalStateException("engine exploded");
          default:
            cancel.onCancel(release::countDown);
            release.await();
            return cancel.isCancelled() ? result(JobStatus.TIMEOUT) : result(JobStatus.DONE);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return result(new JobStatus.Failed("interrupted"));
      } finally {
        active.decrementAndGet();
      }
    }

    void awaitStarted(int n) throws InterruptedException {
      assertThat(started.tryAcquire(n, WAIT_S, TimeUnit.SECONDS)).as("jobs started").isTrue();
    }
  }

  Storage openStorage() {
    return Storages.open(StorageOptions.defaults(dir.resolve("db")));
  }

  static JobRecord await(JobQueue queue, long id) throws Exception {
    return queue.completion(id).get(WAIT_S, TimeUnit.SECONDS);
  }

  @Test
  void jobsEndDoneOrFailedWithTheirResult() throws Exception {
    var engine = new ScriptedEngine();
    try (Storage storage = openStorage();
        JobQueue queue = JobQueues.open(storage, engine, 2)) {
      JobRecord ok = queue.submit(spec("ok"));
      JobRecord exit = queue.submit(spec("exit"));
      JobRecord boom = queue.submit(spec("boom"));
      assertThat(ok.state()).isEqualTo(JobState.QUEUED);
      assertThat(await(queue, ok.id()).state()).isEqualTo(JobState.DONE);
      JobRecord exited = await(queue, exit.id());
      assertThat(exited.state()).isEqualTo(JobState.FAILED);
      assertThat(exited.result().status()).isEqualTo(new JobStatus.Exit(1));
      JobRecord failed = await(queue, boom.id());
      assertThat(failed.state()).isEqualTo(JobState.FAILED);
      assertThat(failed.result().status()).isEqualTo(new JobStatus.Failed("engine exploded"));
      assertThat(queue.get(ok.id()).orElseThrow().result().fuelUsed()).isEqualTo(7);
      assertThat(queue.list()).extracting(JobRecord::id).containsExactly(1L, 2L, 3L);
    }
  }

  @Test
  void runsNoMoreJobsAtOnceThanTheConcurrencyLimit() throws Exception {
    var engine = new ScriptedEngine();
    try (Storage storage = openStorage();
        JobQueue queue = JobQueues.open(storage, engine, 2)) {
      var ids = new ArrayList<Long>();
      for (int i = 0; i < 5; i++) {
        ids.add(queue.submit(spec("wait")).id());
      }
      engine.awaitStarted(2);
      assertThat(queue.list())
          .extracting(JobRecord::state)
          .containsExactly(
              JobState.RUNNING,
              JobState.RUNNING,
              JobState.QUEUED,
              JobState.QUEUED,
              JobState.QUEUED);
      engine.release.countDown();
      for (long id : ids) {
        assertThat(await(queue, id).state()).isEqualTo(JobState.DONE);
      }
      assertThat(engine.maxActive.get()).isEqualTo(2);
    }
  }

  @Test
  void cancelsQueuedAndRunningJobs() throws Exception {
    var engine = new ScriptedEngine();
    try (Storage storage = openStorage();
        JobQueue queue = JobQueues.open(storage, engine, 1)) {
      long running = queue.submit(spec("wait")).id();
      long queued = queue.submit(spec("ok")).id();
      engine.awaitStarted(1);

      assertThat(queue.cancel(queued).state()).isEqualTo(JobState.CANCELLED);
      assertThat(queue.cancel(running).state()).isEqualTo(JobState.RUNNING);
      JobRecord cancelled = await(queue, running);
      assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
      assertThat(cancelled.result().status()).isEqualTo(JobStatus.TIMEOUT);

      long after = queue.submit(spec("ok")).id();
      assertThat(await(queue, after).state()).isEqualTo(JobState.DONE);
      assertThat(engine.ran).containsExactly("wait", "ok");
      assertThat(queue.get(queued).orElseThrow().state()).isEqualTo(JobState.CANCELLED);

      assertThatThrownBy(() -> queue.cancel(after))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("job " + after + " has already ended: done");
      assertThatThrownBy(() -> queue.cancel(99))
          .isInstanceOf(NoSuchElementException.class)
          .hasMessage("no job 99");
    }
  }

  @Test
  void jobsRunningWhenTheNodeStoppedRunAgainAfterRestart() throws Exception {
    var first = new ScriptedEngine();
    long running;
    long queued;
    try (Storage storage = openStorage()) {
      JobQueue queue = JobQueues.open(storage, first, 1);
      running = queue.submit(spec("wait")).id();
      queued = queue.submit(spec("ok")).id();
      first.awaitStarted(1);
      queue.close();
      // stopped by the close, not by the job: queued again
      assertThat(queue.get(running).orElseThrow().state()).isEqualTo(JobState.QUEUED);
      assertThat(queue.get(queued).orElseThrow().state()).isEqualTo(JobState.QUEUED);
    }
    assertThat(first.ran).containsExactly("wait");

    var second = new ScriptedEngine();
    second.release.countDown();
    try (Storage storage = openStorage();
        JobQueue queue = JobQueues.open(storage, second, 1)) {
      assertThat(await(queue, running).state()).isEqualTo(JobState.DONE);
      assertThat(await(queue, queued).state()).isEqualTo(JobState.DONE);
      assertThat(second.ran).containsExactly("wait", "ok");
      assertThat(queue.submit(spec("ok")).id()).isEqualTo(queued + 1);
    }
  }

  /**
   * A job that takes the node down (out of memory, killed) would take it down again at every start
   * if it ran again each time: once the node has died twice while it ran, it fails instead. A node
   * that closes its queue is not counted: the job runs again however often that happens.
   */
  @Test
  void aJobTheNodeDiedUnderTwiceFailsInsteadOfRunningAgain() throws Exception {
    long poison = submitWaitingJob(false);
    assertThat(reopenUntilItRuns(poison, false)).isEqualTo(JobState.RUNNING);
    try (Storage storage = openStorage()) {
      var engine = new ScriptedEngine();
      try (JobQueue queue = JobQueues.open(storage, engine, 1)) {
        JobRecord failed = await(queue, poison);
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.result().status().label())
            .isEqualTo("failed: the node stopped 2 times while this job ran; it is not run again");
        long next = queue.submit(spec("ok")).id();
        assertThat(await(queue, next).state()).isEqualTo(JobState.DONE);
        assertThat(engine.ran).containsExactly("ok");
      }
    }
  }

  @Test
  void aJobStoppedByClosingTheQueueRunsAgainHoweverOften() throws Exception {
    long job = submitWaitingJob(true);
    for (int i = 0; i < 2; i++) {
      assertThat(reopenUntilItRuns(job, true)).isEqualTo(JobState.QUEUED);
    }
    try (Storage storage = openStorage()) {
      var engine = new ScriptedEngine();
      engine.release.countDown();
      try (JobQueue queue = JobQueues.open(storage, engine, 1)) {
        assertThat(await(queue, job).state()).isEqualTo(JobState.DONE);
        assertThat(engine.ran).containsExactly("wait");
      }
    }
  }

  /**
   * Submits a job that waits and stops once it runs: by closing the queue, or ({@code close} false)
   * as a node that dies leaves it, running in the store and never closed.
   */
  private long submitWaitingJob(boolean close) throws Exception {
    try (Storage storage = openStorage()) {
      var engine = new ScriptedEngine();
      JobQueue queue = JobQueues.open(storage, engine, 1);
      long id = queue.submit(spec("wait")).id();
      engine.awaitStarted(1);
      if (close) {
        queue.close();
      }
      return id;
    }
  }

  /** Opens the queue again until job {@code id} runs, stops as {@link #submitWaitingJob}. */
  private JobState reopenUntilItRuns(long id, boolean close) throws Exception {
    try (Storage storage = openStorage()) {
      var engine = new ScriptedEngine();
      JobQueue queue = JobQueues.open(storage, engine, 1);
      engine.awaitStarted(1);
      assertThat(engine.ran).containsExactly("wait");
      if (close) {
        queue.close();
      }
      return queue.get(id).orElseThrow().state();
    }
  }

  @Test
  void refusesAnAbsurdConcurrency() {
    try (Storage storage = openStorage()) {
      assertThatThrownBy(() -> JobQueues.open(storage, new ScriptedEngine(), 0))
          .hasMessage("job concurrency must be between 1 and 1024, not 0");
    }
  }
}
