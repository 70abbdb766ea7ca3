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
}
