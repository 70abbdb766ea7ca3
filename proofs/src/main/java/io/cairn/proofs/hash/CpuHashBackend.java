package io.cairn.proofs.hash;

import io.cairn.proofs.HashBackend;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hashes units on all cores: the units of a call are handed out in small runs to a fixed pool plus
 * the calling thread, each with its own {@link SubtreeHasher}, so a core that another process slows
 * down takes fewer runs instead of holding the others back.
 */
public final class CpuHashBackend implements HashBackend {
  private static final int RUN_UNITS = 8;

  private final int threads;
  private final ExecutorService pool;
  private final ThreadLocal<SubtreeHasher> hashers = ThreadLocal.withInitial(SubtreeHasher::new);

  public CpuHashBackend(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException(
          "the CPU backend needs at least one thread, not " + threads);
    }
    this.threads = threads;
    this.pool =
        threads == 1
            ? null
            : Executors.newFixedThreadPool(
                threads - 1,
                r -> {
                  Thread t = new Thread(r, "cairn-commp-cpu");
                  t.setDaemon(true);
                  return t;
                });
  }

  @Override
  public String name() {
    return "cpu";
  }

  @Override
  public String description() {
    return "cpu (" + threads + " threads, JDK SHA-256)";
  }

  @Override
  public int batchUnits() {
    return 64 * threads;
  }

  @Override
  public ByteBuffer allocate(int capacity) {
    return ByteBuffer.allocate(capacity);
  }

  @Override
  public void unitRoots(ByteBuffer payload, byte[] out, int outOffset) {
    int length = payload.remaining();
    if (length % UNIT_PAYLOAD != 0) {
      throw new IllegalArgumentException(
          "payload of "
              + length
              + " bytes is not a whole number of "
              + UNIT_PAYLOAD
              + "-byte units");
    }
    int units = length / UNIT_PAYLOAD;
    if (outOffset < 0 || out.length - outOffset < units * NodeHasher.NODE) {
      throw new IllegalArgumentException("output has no room for " + units + " roots");
    }
    AtomicInteger next = new AtomicInteger();
    Runnable worker = () -> work(payload, units, next, out, outOffset);
    int helpers = pool == null ? 0 : Math.min(threads - 1, (units - 1) / RUN_UNITS);
    List<Future<?>> futures = new ArrayList<>(helpers);
    for (int i = 0; i < helpers; i++) {
      futures.add(pool.submit(worker));
    }
    worker.run();
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while hashing", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("hashing failed: " + e.getCause(), e.getCause());
      }
    }
  }

  private void work(ByteBuffer payload, int units, AtomicInteger next, byte[] out, int outOffset) {
    SubtreeHasher hasher = hashers.get();
    int base = payload.position();
    byte[] array = payload.hasArray() ? payload.array() : null;
    int arrayBase = array == null ? 0 : payload.arrayOffset() + base;
    for (int first; (first = next.getAndAdd(RUN_UNITS)) < units; ) {
      int end = Math.min(units, first + RUN_UNITS);
      for (int u = first; u < end; u++) {
        int o = outOffset + u * NodeHasher.NODE;
        if (array != null) {
          hasher.root(array, arrayBase + u * UNIT_PAYLOAD, UNIT_PAYLOAD, 10, out, o);
        } else {
          byte[] staging = hasher.staging();
          payload.get(base + u * UNIT_PAYLOAD, staging, 0, UNIT_PAYLOAD);
          hasher.root(staging, 0, UNIT_PAYLOAD, 10, out, o);
        }
      }
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
