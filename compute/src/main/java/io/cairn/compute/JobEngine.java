package io.cairn.compute;

/** Runs one job to its end. Implementations: the WASM sandbox and the CUDA worker. */
public interface JobEngine {
  /**
   * Runs {@code spec} and reports how it ended. A job that hits a limit, traps or cannot start is a
   * result with that status, not an exception; an exception is treated as {@code failed}.
   *
   * @param cancel set when the user cancels the job or the node shuts down; the engine should stop
   *     soon after
   */
  JobResult run(JobSpec spec, CancellationToken cancel);

  /**
   * As {@link #run(JobSpec, CancellationToken)}, telling {@code logs} about standard output and
   * error as the job writes them. An engine that cannot report them live keeps the default, and its
   * logs are seen once the job has ended.
   */
  default JobResult run(JobSpec spec, CancellationToken cancel, LogTap logs) {
    return run(spec, cancel);
  }
}
