package io.cairn.compute.wasm;

/**
 * Thrown from a host function or the memory to end the job at once with a status; the runner turns
 * it into the outcome.
 */
final class JobAbort extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient WasmOutcome.Status status;

  JobAbort(WasmOutcome.Status status) {
    super(status.toString(), null, false, false);
    this.status = status;
  }

  JobAbort(WasmOutcome.Kind kind, String detail) {
    this(new WasmOutcome.Status(kind, detail));
  }

  WasmOutcome.Status status() {
    return status;
  }
}
