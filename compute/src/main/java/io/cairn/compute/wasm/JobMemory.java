package io.cairn.compute.wasm;

import com.dylibso.chicory.runtime.alloc.MemAllocStrategy;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's heap for the linear memories of the WASM jobs running at once. A job's cap bounds its
 * own memory, but not the node's: two jobs capped at 2 GiB each ran a node of less heap out of
 * memory, failing other threads of the node at that moment. Each job's backing array is reserved
 * here as it is allocated ({@link #lease}); an allocation past what is left ends the job with
 * {@code host-error} (the node's limit, not the module's doing: a node with more memory, or the
 * same node later, runs it), and the job's lease goes back when it ends.
 */
final class JobMemory {
  private final long capacityBytes;
  private final AtomicLong used = new AtomicLong();

  /**
   * @param capacityBytes the heap that running jobs' memories may take together
   */
  JobMemory(long capacityBytes) {
    if (capacityBytes < 1) {
      throw new IllegalArgumentException("job memory of " + capacityBytes + " bytes");
    }
    this.capacityBytes = capacityBytes;
  }

  /** Half of this JVM's largest heap. */
  static JobMemory ofHeap() {
    return new JobMemory(Runtime.getRuntime().maxMemory() / 2);
  }

  long usedBytes() {
    return used.get();
  }

  /** A job's reservation, grown as its memory's array grows; {@link #close} gives it back. */
  Lease lease() {
    return new Lease();
  }

  final class Lease implements AutoCloseable {
    private long held;

    /** Wraps {@code inner} so that every array it sizes is reserved here first. */
    MemAllocStrategy reserving(MemAllocStrategy inner) {
      return new MemAllocStrategy() {
        @Override
        public int initial(int minSize) {
          return reserve(inner.initial(minSize));
        }

        @Override
        public int next(int currentSize, int targetSize) {
          return reserve(inner.next(currentSize, targetSize));
        }
      };
    }

    /** Holds {@code bytes} for the job's array in place of what it held; returns {@code bytes}. */
    synchronized int reserve(int bytes) {
      long more = bytes - held;
      if (more > 0) {
        long now = used.addAndGet(more);
        if (now > capacityBytes) {
          used.addAndGet(-more);
          throw new JobAbort(
              WasmOutcome.Kind.HOST_ERROR,
              "this node's memory for jobs is taken: the job's memory of "
                  + bytes
                  + " bytes would take the jobs running here past the "
                  + capacityBytes
                  + " bytes (half the node's heap) they may hold together; run it again later or"
                  + " on a node with more memory");
        }
        held = bytes;
      }
      return bytes;
    }

    @Override
    public synchronized void close() {
      used.addAndGet(-held);
      held = 0;
    }
  }
}
