package io.cairn.compute.gpu;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the GPU worker reports: one line on its standard output, {@code cairn-gpu-result done
 * <gpu-ns> <energy-mJ|-1> <detail>} or {@code cairn-gpu-result failed <gpu-ns|-1> <energy-mJ|-1>
 * <reason>}. Anything else on its standard output (the kernel's {@code printf}) is the job's
 * standard output; the last result line counts.
 *
 * @param done whether the kernel ran and its outputs were written
 * @param gpuTimeNanos kernel time measured with CUDA events; empty when it did not run
 * @param energyMillijoules the GPU's energy while the kernel ran, from {@code nvidia-smi} power
 *     samples; empty when not measured
 * @param detail why it failed, or (for a probe) the device it found
 */
record WorkerReply(
    boolean done, OptionalLong gpuTimeNanos, OptionalLong energyMillijoules, String detail) {
  static final String PREFIX = "cairn-gpu-result ";

  WorkerReply {
    Objects.requireNonNull(gpuTimeNanos, "gpuTimeNanos");
    Objects.requireNonNull(energyMillijoules, "energyMillijoules");
    detail = oneLine(Objects.requireNonNull(detail, "detail"));
  }

  static WorkerReply done(long gpuTimeNanos, String detail) {
    return done(gpuTimeNanos, OptionalLong.empty(), detail);
  }

  static WorkerReply done(long gpuTimeNanos, OptionalLong energyMillijoules, String detail) {
    return new WorkerReply(true, OptionalLong.of(gpuTimeNanos), energyMillijoules, detail);
  }

  static WorkerReply failed(String reason) {
    return new WorkerReply(false, OptionalLong.empty(), OptionalLong.empty(), reason);
  }

  String line() {
    return PREFIX
        + (done ? "done " : "failed ")
        + orMinusOne(gpuTimeNanos)
        + " "
        + orMinusOne(energyMillijoules)
        + " "
        + detail;
  }

  private static long orMinusOne(OptionalLong v) {
    return v.isPresent() ? v.getAsLong() : -1;
  }

  /** The last result line of the worker's output, if any line is one. */
  static Optional<WorkerReply> parse(String output) {
    WorkerReply last = null;
    for (String line : output.lines().toList()) {
      if (line.startsWith(PREFIX)) {
        WorkerReply reply = parseLine(line.substring(PREFIX.length()));
        last = reply == null ? last : reply;
      }
    }
    return Optional.ofNullable(last);
  }

  private static WorkerReply parseLine(String rest) {
    String[] parts = rest.split(" ", 4);
    if (parts.length < 3 || !(parts[0].equals("done") || parts[0].equals("failed"))) {
      return null;
    }
    long nanos;
    long energy;
    try {
      nanos = Long.parseLong(parts[1]);
      energy = Long.parseLong(parts[2]);
    } catch (NumberFormatException e) {
      return null;
    }
    return new WorkerReply(
        parts[0].equals("done"),
        measure(nanos),
        measure(energy),
        parts.length == 4 ? parts[3] : "");
  }

  private static OptionalLong measure(long v) {
    return v < 0 ? OptionalLong.empty() : OptionalLong.of(v);
  }

  private static String oneLine(String text) {
    return text.replace('\r', ' ').replace('\n', ' ').strip();
  }
}
