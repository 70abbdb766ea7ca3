package io.cairn.compute.gpu;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the GPU worker reports: one line on its standard output, {@code cairn-gpu-result done
 * <gpu-ns>} or {@code cairn-gpu-result failed <gpu-ns|-1> <reason>}. Anything else the worker's JVM
 * prints is ignored; the last result line counts.
 *
 * @param done whether the kernel ran and its outputs were written
 * @param gpuTimeNanos kernel time measured with CUDA events; empty when it did not run
 * @param detail why it failed, or (for a probe) the device it found
 */
record WorkerReply(boolean done, OptionalLong gpuTimeNanos, String detail) {
  static final String PREFIX = "cairn-gpu-result ";

  WorkerReply {
    Objects.requireNonNull(gpuTimeNanos, "gpuTimeNanos");
    detail = oneLine(Objects.requireNonNull(detail, "detail"));
  }

  static WorkerReply done(long gpuTimeNanos, String detail) {
    return new WorkerReply(true, OptionalLong.of(gpuTimeNanos), detail);
  }

  static WorkerReply failed(String reason) {
    return new WorkerReply(false, OptionalLong.empty(), reason);
  }

  String line() {
    return PREFIX
        + (done ? "done " : "failed ")
        + (gpuTimeNanos.isPresent() ? gpuTimeNanos.getAsLong() : -1)
        + " "
        + detail;
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
    String[] parts = rest.split(" ", 3);
    if (parts.length < 2 || !(parts[0].equals("done") || parts[0].equals("failed"))) {
      return null;
    }
    long nanos;
    try {
      nanos = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return null;
    }
    OptionalLong gpu = nanos < 0 ? OptionalLong.empty() : OptionalLong.of(nanos);
    return new WorkerReply(parts[0].equals("done"), gpu, parts.length == 3 ? parts[2] : "");
  }

  private static String oneLine(String text) {
    return text.replace('\r', ' ').replace('\n', ' ').strip();
  }
}
