package io.cairn.compute;

import java.util.Objects;

/** How a job ended. {@link #label()} is the form users see and specs record. */
public sealed interface JobStatus {
  Done DONE = new Done();
  FuelExhausted FUEL_EXHAUSTED = new FuelExhausted();
  MemoryLimit MEMORY_LIMIT = new MemoryLimit();
  Timeout TIMEOUT = new Timeout();
  OutputLimit OUTPUT_LIMIT = new OutputLimit();

  /** {@code done}, {@code exit 3}, {@code fuel-exhausted}, {@code trap: unreachable}… */
  String label();

  /** The program ran to its end (WASM: exit code 0). */
  record Done() implements JobStatus {
    @Override
    public String label() {
      return "done";
    }
  }

  /** The program exited with a non-zero code. */
  record Exit(int code) implements JobStatus {
    public Exit {
      if (code == 0) {
        throw new IllegalArgumentException("exit code 0 is status 'done'");
      }
    }

    @Override
    public String label() {
      return "exit " + code;
    }
  }

  record FuelExhausted() implements JobStatus {
    @Override
    public String label() {
      return "fuel-exhausted";
    }
  }

  record MemoryLimit() implements JobStatus {
    @Override
    public String label() {
      return "memory-limit";
    }
  }

  record Timeout() implements JobStatus {
    @Override
    public String label() {
      return "timeout";
    }
  }

  record OutputLimit() implements JobStatus {
    @Override
    public String label() {
      return "output-limit";
    }
  }

  /** The module trapped (unreachable, out-of-bounds access, division by zero…). */
  record Trap(String reason) implements JobStatus {
    public Trap {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String label() {
      return "trap: " + reason;
    }
  }

  /** The job could not run: a missing block, a module that does not validate, a bad import… */
  record Failed(String reason) implements JobStatus {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String label() {
      return "failed: " + reason;
    }
  }

  /**
   * The status a label names.
   *
   * @throws IllegalArgumentException if the label is none of the forms above
   */
  static JobStatus parse(String label) {
    switch (label) {
      case "done":
        return DONE;
      case "fuel-exhausted":
        return FUEL_EXHAUSTED;
      case "memory-limit":
        return MEMORY_LIMIT;
      case "timeout":
        return TIMEOUT;
      case "output-limit":
        return OUTPUT_LIMIT;
      default:
        break;
    }
    if (label.startsWith("trap: ")) {
      return new Trap(label.substring(6));
    }
    if (label.startsWith("failed: ")) {
      return new Failed(label.substring(8));
    }
    if (label.startsWith("exit ")) {
      try {
        return new Exit(Integer.parseInt(label.substring(5)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("exit status '" + label + "' has no integer code");
      }
    }
    throw new IllegalArgumentException(
        "unknown job status '"
            + label
            + "': expected done, exit <code>, fuel-exhausted, memory-limit, timeout,"
            + " output-limit, trap: <reason> or failed: <reason>");
  }
}
