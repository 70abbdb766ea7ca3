package io.cairn.compute.wasm;

import io.cairn.storage.Cid;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How a WASM job ended.
 *
 * @param status how it ended
 * @param outputRoot the UnixFS directory imported from {@code /outputs}; null when the outputs were
 *     discarded (any status but {@code done}, {@code exit <code>} included)
 * @param stdout the captured standard output as a UnixFS file (up to its cap)
 * @param stderr the captured standard error as a UnixFS file (up to its cap)
 * @param fuelUsed the fuel the module used: the static instruction counts of the basic blocks it
 *     entered ({@link FuelMeter}), the whole budget when it ran out; the same on every node. -1
 *     when the module never ran (it did not parse or link)
 * @param wallTime how long the module ran
 * @param peakMemoryBytes the largest the instance's linear memory grew, in bytes (its size when the
 *     run ended, as linear memory never shrinks): pages times 64 KiB, the same on every node for a
 *     job that ends by itself; empty when the module never ran
 */
public record WasmOutcome(
    Status status,
    Cid outputRoot,
    Cid stdout,
    Cid stderr,
    long fuelUsed,
    Duration wallTime,
    OptionalLong peakMemoryBytes) {

  public WasmOutcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    Objects.requireNonNull(wallTime, "wallTime");
    Objects.requireNonNull(peakMemoryBytes, "peakMemoryBytes");
    if (outputRoot != null && status.kind() != Kind.DONE) {
      throw new IllegalArgumentException("only a job that is done keeps its outputs");
    }
  }

  /** The ways a job ends. */
  public enum Kind {
    /** {@code _start} returned, or {@code proc_exit(0)}. */
    DONE("done"),
    /** {@code proc_exit} with a non-zero code. */
    EXIT("exit"),
    FUEL_EXHAUSTED("fuel-exhausted"),
    MEMORY_LIMIT("memory-limit"),
    TIMEOUT("timeout"),
    OUTPUT_LIMIT("output-limit"),
    /** The module trapped (unreachable, out-of-bounds access, stack exhaustion…). */
    TRAP("trap"),
    /** A block of an input is not held by the node. */
    MISSING_BLOCK("missing-block"),
    /**
     * The module could not run: it does not parse or validate, imports what WASI preview 1 does not
     * provide, or lacks the entrypoint.
     */
    INVALID_MODULE("invalid-module"),
    /** An input is not a UnixFS file or directory (or holds a node that is not). */
    INVALID_INPUT("invalid-input"),
    /**
     * The host failed while serving the module (an I/O error on the scratch directory, a bug): not
     * the module's doing, and not deterministic.
     */
    HOST_ERROR("host-error");

    private final String text;

    Kind(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /**
   * A status: its kind and, for some kinds, a detail ({@code exit 3}, {@code trap: unreachable},
   * {@code memory-limit: …}).
   */
  public record Status(Kind kind, String detail) {
    public Status {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(detail, "detail");
    }

    static Status of(Kind kind) {
      return new Status(kind, "");
    }

    static Status exit(int code) {
      return code == 0 ? of(Kind.DONE) : new Status(Kind.EXIT, Integer.toString(code));
    }

    @Override
    public String toString() {
      if (detail.isEmpty()) {
        return kind.text();
      }
      return kind == Kind.EXIT ? "exit " + detail : kind.text() + ": " + detail;
    }
  }
}
