package io.cairn.compute;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The node's jobs: a durable queue run by a fixed number of workers. Jobs survive restarts; a job
 * that was running when the node stopped runs again from the start when the queue reopens
 * (determinism makes that safe), unless the node died while it ran twice: then it fails, so that a
 * job that takes the node down does not do so at every start.
 */
public interface JobQueue extends AutoCloseable {
  /** Queues a job and returns its record (state {@code queued}). */
  JobRecord submit(JobSpec spec);

  Optional<JobRecord> get(long id);

  /** Every job, oldest first. */
  List<JobRecord> list();

  /**
   * Cancels a job: a queued job becomes {@code cancelled} at once; a running one is told to stop
   * and becomes {@code cancelled} when its engine returns.
   *
   * @throws java.util.NoSuchElementException if there is no such job
   * @throws IllegalStateException if the job has already ended
   */
  JobRecord cancel(long id);

  /**
   * Reads a queued or running job's standard output or error as the job writes it, waiting until
   * there are bytes past {@code offset}.
   *
   * @return how many bytes were read into {@code buf}, or -1 once the job has ended (its result
   *     then holds the whole log, each byte read here at the same offset) or the queue closed
   * @throws java.util.NoSuchElementException if there is no such job
   * @throws InterruptedException if interrupted while waiting
   */
  int readLive(long id, LogStream stream, long offset, byte[] buf) throws InterruptedException;

  /** How many jobs run at once; the others wait in submission order. */
  int concurrency();

  /** Completes with the job's record once it has ended. */
  CompletableFuture<JobRecord> completion(long id);

  /** Stops the workers; running jobs are stopped, queued again and re-run on open. */
  @Override
  void close();
}
