package io.cairn.config;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code Provider} section, Cairn's own: what this node offers on the compute market.
 *
 * @param compute {@code Provider.Compute}: the compute offer and the scheduler that claims jobs
 * @param verify {@code Provider.Verify}: whether the node re-executes disputed jobs when drawn
 */
public record ProviderConfig(Compute compute, Verify verify) {
  public ProviderConfig {
    Objects.requireNonNull(compute, "compute");
    Objects.requireNonNull(verify, "verify");
  }

  public static ProviderConfig defaults() {
    return new ProviderConfig(Compute.defaults(), new Verify(false));
  }

  /**
   * Checks the rules between this section and others: {@code Provider.Compute.LieForTests} only on
   * a dev chain.
   */
  void checkComplete(ChainConfig chain) {
    if (compute.lieForTests() && chain.mode() != ChainConfig.Mode.DEV) {
      throw new IllegalArgumentException(
          "Provider.Compute.LieForTests is for tests only and needs Chain.Mode dev, not "
              + chain.mode().configName());
    }
  }

  /**
   * {@code Provider.Compute}.
   *
   * @param enabled {@code Enabled}: whether the scheduler claims jobs from the market
   * @param engines {@code Engines}: {@code wasm} and/or {@code cuda}
   * @param cpuCores {@code CpuCores}: cores offered
   * @param memoryBytes {@code MemoryBytes}: memory offered
   * @param concurrency {@code Concurrency}: market jobs claimed at once
   * @param minJobPrice {@code MinJobPrice}: the price floor, in the token's base units
   * @param energySource {@code EnergySource}: declared energy source ("solar", "grid"), "" if none
   * @param lieForTests {@code LieForTests}: for tests only (dev chain): post a wrong output CID
   */
  public record Compute(
      boolean enabled,
      List<String> engines,
      int cpuCores,
      long memoryBytes,
      int concurrency,
      BigInteger minJobPrice,
      String energySource,
      boolean lieForTests) {
    public static final List<String> DEFAULT_ENGINES = List.of("wasm");
    public static final int DEFAULT_CPU_CORES = 1;
    public static final long DEFAULT_MEMORY_BYTES = 256L << 20;
    public static final int DEFAULT_CONCURRENCY = 1;
    private static final Set<String> ENGINES = Set.of("wasm", "cuda");

    public Compute {
      engines = List.copyOf(engines);
      if (engines.isEmpty()) {
        throw new IllegalArgumentException("Provider.Compute.Engines must name wasm, cuda or both");
      }
      for (String e : engines) {
        if (!ENGINES.contains(e)) {
          throw new IllegalArgumentException(
              "Provider.Compute.Engines: '" + e + "' is not an engine (wasm or cuda)");
        }
      }
      if (cpuCores < 1) {
        throw new IllegalArgumentException(
            "Provider.Compute.CpuCores must be at least 1, not " + cpuCores);
      }
      if (memoryBytes < 1) {
        throw new IllegalArgumentException(
            "Provider.Compute.MemoryBytes must be positive, not " + memoryBytes);
      }
      if (concurrency < 1 || concurrency > ComputeConfig.MAX_CONCURRENCY) {
        throw new IllegalArgumentException(
            "Provider.Compute.Concurrency must be between 1 and "
                + ComputeConfig.MAX_CONCURRENCY
                + ", not "
                + concurrency);
      }
      Objects.requireNonNull(minJobPrice, "minJobPrice");
      if (minJobPrice.signum() < 0) {
        throw new IllegalArgumentException(
            "Provider.Compute.MinJobPrice must not be negative, not " + minJobPrice);
      }
      energySource = energySource.strip().toLowerCase(Locale.ROOT);
      if (energySource.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 32) {
        throw new IllegalArgumentException(
            "Provider.Compute.EnergySource must fit the registry's 32 bytes: " + energySource);
      }
    }

    public static Compute defaults() {
      return new Compute(
          false,
          DEFAULT_ENGINES,
          DEFAULT_CPU_CORES,
          DEFAULT_MEMORY_BYTES,
          DEFAULT_CONCURRENCY,
          BigInteger.ZERO,
          "",
          false);
    }

    /** The registry's engine bits: 1 WASM, 2 CUDA. */
    public int engineBits() {
      return (engines.contains("wasm") ? 1 : 0) | (engines.contains("cuda") ? 2 : 0);
    }

    /** Reads {@code Provider.Compute.MinJobPrice}: a whole non-negative number. */
    static BigInteger parsePrice(String text) {
      try {
        return new BigInteger(text.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "Provider.Compute.MinJobPrice must be a whole number of the token's base units, not \""
                + text
                + "\"",
            e);
      }
    }
  }

  /**
   * {@code Provider.Verify}.
   *
   * @param enabled {@code Enabled}: take part in verifier draws and re-execute disputed WASM jobs
   */
  public record Verify(boolean enabled) {}
}
