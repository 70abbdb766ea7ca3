package io.cairn.compute;

import io.cairn.compute.engine.DispatchingEngine;
import io.cairn.compute.engine.WasmJobEngine;
import io.cairn.storage.BlockStore;
import io.cairn.storage.unixfs.ImportOptions;
import java.nio.file.Path;

/** The engines a node runs jobs with. */
public final class JobEngines {
  private JobEngines() {}

  /**
   * The node's engine: {@code wasm} specs run in the WASM sandbox; {@code cuda} specs end {@code
   * failed} (there is no GPU engine on this node yet).
   *
   * @param blocks where modules and inputs are read and outputs, stdout and stderr are stored
   * @param scratchDir under which each job gets a scratch directory for its outputs
   * @param importOptions how outputs are imported as UnixFS
   */
  public static JobEngine wasm(BlockStore blocks, Path scratchDir, ImportOptions importOptions) {
    return new DispatchingEngine(new WasmJobEngine(blocks, scratchDir, importOptions));
  }
}
