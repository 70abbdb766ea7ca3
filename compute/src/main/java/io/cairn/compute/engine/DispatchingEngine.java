package io.cairn.compute.engine;

import io.cairn.compute.CancellationToken;
import io.cairn.compute.Engine;
import io.cairn.compute.JobEngine;
import io.cairn.compute.JobResult;
import io.cairn.compute.JobSpec;
import java.time.Duration;
import java.util.Objects;

/** Sends each spec to the engine it names; a {@code cuda} spec fails, there being no GPU engine. */
public final class DispatchingEngine implements JobEngine {
  /** The reason a {@code cuda} job fails with. */
  public static final String NO_CUDA =
      "the cuda engine is not available on this node (no GPU engine yet)";

  private final JobEngine wasm;

  public DispatchingEngine(JobEngine wasm) {
    this.wasm = Objects.requireNonNull(wasm, "wasm");
  }

  @Override
  public JobResult run(JobSpec spec, CancellationToken cancel) {
    if (spec.engine() == Engine.CUDA) {
      return JobResult.failed(NO_CUDA, Duration.ZERO);
    }
    return wasm.run(spec, cancel);
  }
}
