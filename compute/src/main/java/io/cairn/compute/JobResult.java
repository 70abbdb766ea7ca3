package io.cairn.compute;

import io.cairn.compute.spec.ResultCodec;
import io.cairn.storage.Cid;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a job produced and used. Measurements the hardware did not report are empty ("not
 * measured"), never guessed.
 *
 * @param status how the job ended
 * @param outputRoot the UnixFS directory of {@code /outputs}; null when the job did not finish (its
 *     partial outputs are discarded)
 * @param stdout standard output as a UnixFS file; null when none was kept
 * @param stderr standard error as a UnixFS file; null when none was kept
 * @param fuelUsed instructions executed (WASM; 0 for CUDA)
 * @param wallTime from start to end of the run
 * @param peakMemoryBytes the largest memory the job held
 * @param gpuTimeNanos kernel time on the GPU
 * @param energyMillijoules energy from RAPL or the GPU's power sampling
 */
public record JobResult(
    JobStatus status,
    Cid outputRoot,
    Cid stdout,
    Cid stderr,
    long fuelUsed,
    Duration wallTime,
    OptionalLong peakMemoryBytes,
    OptionalLong gpuTimeNanos,
    OptionalLong energyMillijoules) {
  public JobResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(wallTime, "wallTime");
    peakMemoryBytes = Objects.requireNonNullElse(peakMemoryBytes, OptionalLong.empty());
    gpuTimeNanos = Objects.requireNonNullElse(gpuTimeNanos, OptionalLong.empty());
    energyMillijoules = Objects.requireNonNullElse(energyMillijoules, OptionalLong.empty());
    if (fuelUsed < 0) {
      throw new IllegalArgumentException("fuelUsed must not be negative, not " + fuelUsed);
    }
    if (wallTime.isNegative()) {
      throw new IllegalArgumentException("wallTime must not be negative, not " + wallTime);
    }
    checkMeasure("peakMemoryBytes", peakMemoryBytes);
    checkMeasure("gpuTimeNanos", gpuTimeNanos);
    checkMeasure("energyMillijoules", energyMillijoules);
  }

  /** A job that could not run at all, with nothing measured. */
  public static JobResult failed(String reason, Duration wallTime) {
    return new JobResult(
        new JobStatus.Failed(reason), null, null, null, 0, wallTime, null, null, null);
  }

  /** The dag-cbor encoding (wall time in nanoseconds; unmeasured fields left out). */
  public byte[] toDagCbor() {
    return ResultCodec.toDagCbor(this);
  }

  public static JobResult fromDagCbor(byte[] bytes) {
    return ResultCodec.fromDagCbor(bytes);
  }

  /** The human form; a measurement that was not taken reads "not measured". */
  public String toJson() {
    return ResultCodec.toJson(this);
  }

  public static JobResult fromJson(String json) {
    return ResultCodec.fromJson(json);
  }

  private static void checkMeasure(String field, OptionalLong value) {
    if (value.isPresent() && value.getAsLong() < 0) {
      throw new IllegalArgumentException(field + " must not be negative, not " + value.getAsLong());
    }
  }
}
