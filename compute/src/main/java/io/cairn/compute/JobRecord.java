package io.cairn.compute;

import java.time.Instant;
import java.util.Objects;

/**
 * A job as the node keeps it.
 *
 * @param id the node-local job number, increasing with each submission
 * @param spec what to run
 * @param state where the job is
 * @param submitted when it was queued
 * @param result how it ended; null until it has
 */
public record JobRecord(
    long id, JobSpec spec, JobState state, Instant submitted, JobResult result) {
  public JobRecord {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(submitted, "submitted");
    if (id < 1) {
      throw new IllegalArgumentException("job id must be positive, not " + id);
    }
  }

  public JobRecord with(JobState newState, JobResult newResult) {
    return new JobRecord(id, spec, newState, submitted, newResult);
  }
}
