package io.cairn.chain;

import java.nio.charset.StandardCharsets;
import org.web3j.crypto.Hash;

/**
 * What a compute job needs from the provider that claims it; the market checks it against the
 * provider's compute offer in the registry.
 *
 * @param engine {@link #ENGINE_WASM} (deterministic, disputes settled by re-execution) or {@link
 *     #ENGINE_CUDA} (settled by the client's acceptance only)
 * @param cpuCores cores the provider must offer, at least
 * @param memoryBytes memory the provider must offer, at least
 * @param gpuModel the GPU model required, exactly as providers register it; empty for any
 * @param gpuMemoryBytes GPU memory required, at least; 0 for none
 * @param energySource the energy source required (e.g. {@code solar}); empty for any
 */
public record JobRequirements(
    int engine,
    int cpuCores,
    long memoryBytes,
    String gpuModel,
    long gpuMemoryBytes,
    String energySource) {
  public static final int ENGINE_WASM = 1;
  public static final int ENGINE_CUDA = 2;

  /** The hash the market stores for "any": 32 zero bytes. */
  private static final byte[] ANY = new byte[32];

  public JobRequirements {
    if (engine != ENGINE_WASM && engine != ENGINE_CUDA) {
      throw new IllegalArgumentException(
          "engine must be " + ENGINE_WASM + " (WASM) or " + ENGINE_CUDA + " (CUDA), not " + engine);
    }
    if (cpuCores < 0 || memoryBytes < 0 || gpuMemoryBytes < 0) {
      throw new IllegalArgumentException("CPU cores and memory must not be negative");
    }
    gpuModel = gpuModel == null ? "" : gpuModel;
    energySource = energySource == null ? "" : energySource;
  }

  /** A WASM job's needs: no GPU, any energy source. */
  public static JobRequirements wasm(int cpuCores, long memoryBytes) {
    return new JobRequirements(ENGINE_WASM, cpuCores, memoryBytes, "", 0, "");
  }

  /** The GPU model as the market compares it: its keccak256, or zero for any. */
  public byte[] gpuModelHash() {
    return hash(gpuModel);
  }

  /** The energy source as the market compares it: its keccak256, or zero for any. */
  public byte[] energySourceHash() {
    return hash(energySource);
  }

  /** keccak256 of the UTF-8 text, or 32 zero bytes for the empty text ("any"). */
  public static byte[] hash(String text) {
    if (text == null || text.isEmpty()) {
      return ANY.clone();
    }
    return Hash.sha3(text.getBytes(StandardCharsets.UTF_8));
  }
}
