package io.cairn.compute.wasm;

import java.time.Duration;
import java.util.Objects;

/**
 * What one WASM job may use.
 *
 * @param memoryBytes linear memory cap, rounded down to whole 64 KiB pages; growing past it ends
 *     the job with {@code memory-limit}. Above the engine's ceiling of 32,767 pages (Chicory keeps
 *     a memory in one Java array) the ceiling is the cap
 * @param fuel instruction budget, counted per basic block as {@link FuelMeter} describes; past it
 *     the job ends with {@code fuel-exhausted}. 0 means no limit (the fuel used is still counted)
 * @param wallTime wall-clock budget; past it the job's thread is interrupted ({@code timeout})
 * @param outputBytes bytes the job may write under {@code /outputs}, all files together
 * @param stdoutBytes bytes the job may write to standard output
 * @param stderrBytes bytes the job may write to standard error
 */
public record WasmLimits(
    long memoryBytes,
    long fuel,
    Duration wallTime,
    long outputBytes,
    long stdoutBytes,
    long stderrBytes) {
  /** A WASM page, the unit of memory growth. */
  public static final int PAGE_BYTES = 65536;

  /** Memory a 32-bit WASM module can address at most (65536 pages). */
  public static final long MAX_MEMORY_BYTES = 65536L * PAGE_BYTES;

  public WasmLimits {
    Objects.requireNonNull(wallTime, "wallTime");
    if (memoryBytes < PAGE_BYTES || memoryBytes > MAX_MEMORY_BYTES) {
      throw new IllegalArgumentException(
          "memory limit must be between 64 KiB and 4 GiB, not " + memoryBytes + " bytes");
    }
    if (fuel < 0) {
      throw new IllegalArgumentException("fuel must not be negative: " + fuel);
    }
    if (wallTime.isNegative() || wallTime.isZero()) {
      throw new IllegalArgumentException("wall time must be positive: " + wallTime);
    }
    if (outputBytes < 0 || stdoutBytes < 0 || stderrBytes < 0) {
      throw new IllegalArgumentException("output and log limits must not be negative");
    }
  }

  /** 256 MiB of memory, no fuel limit, 60 s, 1 GiB of outputs, 1 MiB each of stdout and stderr. */
  public static WasmLimits defaults() {
    return new WasmLimits(256L << 20, 0, Duration.ofSeconds(60), 1L << 30, 1L << 20, 1L << 20);
  }

  /** The memory cap in pages. */
  public int memoryPages() {
    return (int) (memoryBytes / PAGE_BYTES);
  }

  public WasmLimits withFuel(long v) {
    return new WasmLimits(memoryBytes, v, wallTime, outputBytes, stdoutBytes, stderrBytes);
  }

  public WasmLimits withMemoryBytes(long v) {
    return new WasmLimits(v, fuel, wallTime, outputBytes, stdoutBytes, stderrBytes);
  }

  public WasmLimits withWallTime(Duration v) {
    return new WasmLimits(memoryBytes, fuel, v, outputBytes, stdoutBytes, stderrBytes);
  }

  public WasmLimits withOutputBytes(long v) {
    return new WasmLimits(memoryBytes, fuel, wallTime, v, stdoutBytes, stderrBytes);
  }

  public WasmLimits withStdoutBytes(long v) {
    return new WasmLimits(memoryBytes, fuel, wallTime, outputBytes, v, stderrBytes);
  }

  public WasmLimits withStderrBytes(long v) {
    return new WasmLimits(memoryBytes, fuel, wallTime, outputBytes, stdoutBytes, v);
  }
}
