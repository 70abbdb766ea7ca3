package io.cairn.config;

/**
 * The {@code Compute} section, Cairn's own: how the node runs compute jobs.
 *
 * @param concurrency {@code Compute.Concurrency}: how many jobs run at once (default 2); the rest
 *     wait in the queue in submission order
 */
public record ComputeConfig(int concurrency) {
  public static final int DEFAULT_CONCURRENCY = 2;

  /** The most jobs a node runs at once; each holds a thread, memory and scratch space. */
  public static final int MAX_CONCURRENCY = 1024;

  public ComputeConfig {
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new IllegalArgumentException(
          "Compute.Concurrency must be between 1 and " + MAX_CONCURRENCY + ", not " + concurrency);
    }
  }

  public static ComputeConfig defaults() {
    return new ComputeConfig(DEFAULT_CONCURRENCY);
  }
}
