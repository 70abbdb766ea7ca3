package io.cairn.compute.wasm;

import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * The node's heap for preparing modules (parsing, fuel instrumentation, compiling to JVM classes).
 * That happens before fuel metering starts, it is not limited by the job's memory limit (which caps
 * linear memory), and a compile pass does not stop when interrupted ({@link PassCompiler}), so a
 * module's size is the only thing that bounds it. Preparing takes about {@link #HEAP_PER_CODE_BYTE}
 * bytes of heap per byte of the module's code section (measured: 150 to 220 for modules of 0.6 to
 * 1.8 MB of code; a module of 15 MB ran a 1 GiB heap out of memory). A module whose estimate is
 * over the budget is refused before it is parsed; the others reserve their estimate while they are
 * prepared, so the modules prepared at once never need more than the budget together.
 */
final class CompileBudget {
  /** Heap that preparing takes per byte of code section, rounded up from what was measured. */
  static final long HEAP_PER_CODE_BYTE = 256;

  /** Heap per byte of the whole module: its bytes, the metered copy and the parser's buffers. */
  static final long HEAP_PER_MODULE_BYTE = 3;

  private static final int CODE_SECTION = 10;

  private final long capacityBytes;
  private final Semaphore kibibytes;

  /**
   * @param capacityBytes the heap that modules being prepared may take together
   */
  CompileBudget(long capacityBytes) {
    if (capacityBytes < 1024 || capacityBytes / 1024 > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("compile budget of " + capacityBytes + " bytes");
    }
    this.capacityBytes = capacityBytes;
    this.kibibytes = new Semaphore((int) (capacityBytes / 1024), true);
  }

  /** A quarter of this JVM's largest heap. */
  static CompileBudget ofHeap() {
    long quarter = Runtime.getRuntime().maxMemory() / 4;
    return new CompileBudget(Math.min(quarter, (long) Integer.MAX_VALUE * 1024));
  }

  long capacityBytes() {
    return capacityBytes;
  }

  /**
   * The heap that preparing {@code module} takes, from its section headers alone (read as far as
   * they are well formed: the parser names what is wrong with the rest).
   */
  static long estimate(byte[] module) {
    return codeSectionBytes(module) * HEAP_PER_CODE_BYTE + module.length * HEAP_PER_MODULE_BYTE;
  }

  /** The size of the module's code section, 0 when it has none. */
  static long codeSectionBytes(byte[] module) {
    int at = 8; // after the magic and version
    long code = 0;
    while (at < module.length) {
      int id = module[at++] & 0xFF;
      long size = 0;
      int shift = 0;
      int b;
      do {
        if (at >= module.length || shift > 28) {
          return code;
        }
        b = module[at++] & 0xFF;
        size |= (long) (b & 0x7F) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      if (id == CODE_SECTION) {
        code += Math.min(size, module.length - at);
      }
      at += (int) Math.min(size, module.length - at);
    }
    return code;
  }

  /** Why the node cannot prepare a module of this estimate at all, or empty when it can. */
  Optional<String> refusal(byte[] module, long estimate) {
    if (estimate <= capacityBytes) {
      return Optional.empty();
    }
    return Optional.of(
        "the module's code section has "
            + codeSectionBytes(module)
            + " bytes; compiling it would take about "
            + estimate
            + " bytes of the node's heap, and this node allows "
            + capacityBytes);
  }

  /**
   * Reserves {@code estimate} bytes (at most the capacity) until {@link #release}, waiting while
   * other modules being prepared hold the rest.
   *
   * @throws InterruptedException if interrupted while waiting (the job's time ran out)
   */
  void reserve(long estimate) throws InterruptedException {
    kibibytes.acquire(permits(estimate));
  }

  /** Gives back what {@link #reserve} took for {@code estimate}. */
  void release(long estimate) {
    kibibytes.release(permits(estimate));
  }

  private int permits(long estimate) {
    return (int) Math.max(1, Math.min(estimate, capacityBytes) / 1024);
  }
}
