package io.cairn.compute.engine;

import io.cairn.compute.CancellationToken;
import io.cairn.compute.Engine;
import io.cairn.compute.JobEngine;
import io.cairn.compute.JobResult;
import io.cairn.compute.JobSpec;
import io.cairn.compute.LogTap;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends each spec to the engine it names; without a CUDA engine a {@code cuda} spec fails, naming
 * why.
 */
public final class DispatchingEngine implements JobEngine {
  /** The reason a {@code cuda} job fails with when there is no CUDA engine. */
  public static final String NO_CUDA =
      "the cuda engine is not available on this node (no GPU engine yet)";

  private final JobEngine wasm;
  private final Optional<JobEngine> cuda;

  /**
   * @param cuda the engine for {@code cuda} specs, or empty for none
   */
  public DispatchingEngine(JobEngine wasm, Optional<JobEngine> cuda) {
    this.wasm = Objects.requireNonNull(wasm, "wasm");
    this.cuda = Objects.requireNonNull(cuda, "cuda");
  }

  @Override
  public JobResult run(JobSpec spec, CancellationToken cancel) {
    return run(spec, cancel, LogTap.NONE);
  }

  @Override
  public JobResult run(JobSpec spec, CancellationToken cancel, LogTap logs) {
    if (spec.engine() == Engine.CUDA) {
      return cuda.map(e -> e.run(spec, cancel, logs))
          .orElseGet(() -> JobResult.failed(NO_CUDA, Duration.ZERO));
    }
    return wasm.run(spec, cancel, logs);
  }
}
