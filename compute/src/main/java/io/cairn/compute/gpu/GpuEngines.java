package io.cairn.compute.gpu;

import io.cairn.compute.JobEngine;
import io.cairn.storage.BlockStore;
import io.cairn.storage.unixfs.ImportOptions;
import java.nio.file.Path;

/** The CUDA engine's entry points. */
public final class GpuEngines {
  private GpuEngines() {}

  /**
   * The engine for {@code cuda} jobs: each kernel runs in a worker process of its own.
   *
   * @param blocks where the PTX module and inputs are read and the outputs stored
   * @param importOptions how outputs are imported
   * @param scratchDir under which each job gets a scratch directory, deleted when it ends
   */
  public static JobEngine cuda(BlockStore blocks, ImportOptions importOptions, Path scratchDir) {
    return new GpuRunner(blocks, importOptions, scratchDir);
  }

  /** Whether this node can run CUDA jobs, and the device or the reason why not. */
  public static GpuAvailability available() {
    return GpuRunner.available();
  }
}
