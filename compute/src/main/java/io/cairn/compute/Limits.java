package io.cairn.compute;

import java.time.Duration;
import java.util.Objects;

/**
 * What a job may use. Every field has a default ({@link #DEFAULTS}) and a maximum; a value below
 * the minimum or above the maximum is refused, naming the field.
 *
 * @param memoryBytes linear memory the module may grow to (WASM: rounded down to 64 KiB pages)
 * @param fuel instructions the job may execute, counted deterministically
 * @param wallTime wall-clock time after which the job is interrupted
 * @param outputBytes total bytes the job may write under {@code /outputs}
 * @param stdoutBytes bytes of standard output kept
 * @param stderrBytes bytes of standard error kept
 * @param gpuMemoryBytes device memory a CUDA job may allocate
 */
public record Limits(
    long memoryBytes,
    long fuel,
    Duration wallTime,
    long outputBytes,
    long stdoutBytes,
    long stderrBytes,
    long gpuMemoryBytes) {
  static final long KIB = 1024;
  static final long MIB = 1024 * KIB;
  static final long GIB = 1024 * MIB;

  /** The largest memory a wasm32 module can address: 65536 pages of 64 KiB. */
  public static final long MAX_MEMORY_BYTES = 4 * GIB;

  public static final long MAX_FUEL = 1_000_000_000_000_000L;
  public static final Duration MAX_WALL_TIME = Duration.ofHours(24);
  public static final long MAX_OUTPUT_BYTES = 1024 * GIB;
  public static final long MAX_LOG_BYTES = 64 * MIB;
  public static final long MAX_GPU_MEMORY_BYTES = 1024 * GIB;

  /** 256 MiB memory, 10^10 instructions, 60 s, 1 GiB output, 1 MiB per log, 1 GiB GPU memory. */
  public static final Limits DEFAULTS =
      new Limits(256 * MIB, 10_000_000_000L, Duration.ofSeconds(60), GIB, MIB, MIB, GIB);

  public Limits {
    Objects.requireNonNull(wallTime, "limits.wallTime");
    check("memory", memoryBytes, 64 * KIB, MAX_MEMORY_BYTES);
    check("fuel", fuel, 1, MAX_FUEL);
    if (wallTime.compareTo(Duration.ofMillis(1)) < 0 || wallTime.compareTo(MAX_WALL_TIME) > 0) {
      throw new IllegalArgumentException(
          "limits.wallTime must be between 1 ms and " + MAX_WALL_TIME + ", not " + wallTime);
    }
    check("output", outputBytes, 0, MAX_OUTPUT_BYTES);
    check("stdout", stdoutBytes, 0, MAX_LOG_BYTES);
    check("stderr", stderrBytes, 0, MAX_LOG_BYTES);
    check("gpuMemory", gpuMemoryBytes, 0, MAX_GPU_MEMORY_BYTES);
  }

  private static void check(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "limits." + field + " must be between " + min + " and " + max + ", not " + value);
    }
  }

  public Limits withMemoryBytes(long value) {
    return new Limits(value, fuel, wallTime, outputBytes, stdoutBytes, stderrBytes, gpuMemoryBytes);
  }

  public Limits withFuel(long value) {
    return new Limits(
        memoryBytes, value, wallTime, outputBytes, stdoutBytes, stderrBytes, gpuMemoryBytes);
  }

  public Limits withWallTime(Duration value) {
    return new Limits(
        memoryBytes, fuel, value, outputBytes, stdoutBytes, stderrBytes, gpuMemoryBytes);
  }
}
