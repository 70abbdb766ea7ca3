package io.cairn.chain;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The compute jobs a provider runs, as the registry records them. The GPU model and memory are the
 * provider's registered offer ({@link ProviderOffer}).
 *
 * @param engines bits: {@link JobRequirements#ENGINE_WASM}, {@link JobRequirements#ENGINE_CUDA}
 *     (which needs a GPU in the offer); 0 for none
 * @param cpuCores cores offered
 * @param memoryBytes memory offered
 * @param minJobPrice the lowest price it takes a job for
 * @param energySource its declared energy source (e.g. {@code solar}), empty for none; at most 32
 *     bytes
 * @param verifier whether it takes part in the draws of verifiers for disputed WASM jobs
 */
public record ComputeOfferTerms(
    int engines,
    int cpuCores,
    long memoryBytes,
    BigInteger minJobPrice,
    String energySource,
    boolean verifier) {
  public ComputeOfferTerms {
    if ((engines & ~(JobRequirements.ENGINE_WASM | JobRequirements.ENGINE_CUDA)) != 0) {
      throw new IllegalArgumentException("engines " + engines + " name an unknown engine");
    }
    if (engines != 0 && (cpuCores <= 0 || memoryBytes <= 0)) {
      throw new IllegalArgumentException("a compute offer needs CPU cores and memory");
    }
    if (verifier && (engines & JobRequirements.ENGINE_WASM) == 0) {
      throw new IllegalArgumentException("a verifier must offer the WASM engine");
    }
    minJobPrice = Amounts.check(minJobPrice, "minimum job price");
    energySource = energySource == null ? "" : energySource;
    if (energySource.getBytes(StandardCharsets.UTF_8).length > 32) {
      throw new IllegalArgumentException("energy source must fit 32 bytes");
    }
  }
}
