package io.cairn.compute;

import io.cairn.compute.engine.DispatchingEngine;
import io.cairn.compute.engine.WasmJobEngine;
import io.cairn.compute.gpu.GpuEngines;
import io.cairn.storage.BlockStore;
import io.cairn.storage.unixfs.ImportOptions;
import java.nio.file.Path;
import java.util.Optional;

/** The engines a node runs jobs with. */
public final class JobEngines {
  private JobEngines() {}

  /**
   * An engine for {@code wasm} specs alone: they run in the WASM sandbox; {@code cuda} specs end
   * {@code failed}, naming the missing engine.
   *
   * @param blocks where modules and inputs are read and outputs, stdout and stderr are stored
   * @param scratchDir under which each job gets a scratch directory for its outputs
   * @param importOptions how outputs are imported as UnixFS
   */
  public static JobEngine wasm(BlockStore blocks, Path scratchDir, ImportOptions importOptions) {
    return new DispatchingEngine(
        new WasmJobEngine(blocks, scratchDir, importOptions), Optional.empty());
  }

  /**
   * The node's engine: {@code wasm} specs run in the WASM sandbox, {@code cuda} specs in a GPU
   * worker process ({@link GpuEngines#cuda}); on a node without an NVIDIA GPU they end {@code
   * failed: no NVIDIA GPU on this node (...)}.
   *
   * @param blocks where modules and inputs are read and outputs, stdout and stderr are stored
   * @param scratchDir under which each job gets a scratch directory
   * @param importOptions how outputs are imported as UnixFS
   */
  public static JobEngine node(BlockStore blocks, Path scratchDir, ImportOptions importOptions) {
    return new DispatchingEngine(
        new WasmJobEngine(blocks, scratchDir, importOptions),
        Optional.of(GpuEngines.cuda(blocks, importOptions, scratchDir)));
  }
}
