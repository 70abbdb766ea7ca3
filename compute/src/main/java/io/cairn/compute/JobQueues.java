package io.cairn.compute;

import io.cairn.compute.jobs.StoredJobQueue;
import io.cairn.storage.Storage;

/** Opens the node's job queue. */
public final class JobQueues {
  /** The node-state table jobs live in. */
  public static final String TABLE = "jobs";

  private JobQueues() {}

  /**
   * Opens the queue kept in {@code storage}'s {@value #TABLE} table and starts {@code concurrency}
   * workers. Jobs left running by a node that stopped go back to the queue and run again.
   */
  public static JobQueue open(Storage storage, JobEngine engine, int concurrency) {
    return StoredJobQueue.open(storage.table(TABLE), engine, concurrency);
  }
}
