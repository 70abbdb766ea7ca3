package io.cairn.proofs.cuda;

import static io.cairn.proofs.cuda.Cuda.check;
import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;

import io.cairn.proofs.CommP;
import io.cairn.proofs.HashBackend;
import io.cairn.proofs.bench.SeededPayload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import jcuda.Pointer;
import jcuda.driver.CUevent;

/**
 * GPU figures on one payload, each the best of three runs after a warm-up: the whole unit-root
 * pipeline from pinned memory and from the Java heap, the host-to-device copy alone (the bound for
 * data that starts in host memory), the kernel alone on data already on the GPU (timed with CUDA
 * events), and a whole CommP from the heap through the streaming hasher.
 */
public final class CudaBench {
  /**
   * Throughputs in GB/s (10^9 bytes of payload per second).
   *
   * @param pipelinePinned unit roots of a payload in pinned host memory
   * @param pipelineHeap unit roots of a payload in a Java byte array (staged through pinned)
   * @param copyOnly the host-to-device copies alone, same chunks and streams
   * @param kernelOnly the kernel alone on data already on the GPU
   * @param commpHeap a whole piece commitment of a byte array, upper layers included
   */
  public record Figures(
      String device,
      long bytes,
      double pipelinePinned,
      double pipelineHeap,
      double copyOnly,
      double kernelOnly,
      double commpHeap) {}

  private CudaBench() {}

  /** Runs on GPU 0 with a payload of {@code units} units (at most 2 GiB). */
  public static Figures run(int units) {
    CudaHashBackend gpu = (CudaHashBackend) CudaHashBackend.open(0);
    try {
      int unit = HashBackend.UNIT_PAYLOAD;
      long bytes = (long) units * unit;
      ByteBuffer pinned = gpu.allocate(units * unit);
      byte[] heap = new byte[units * unit];
      try (InputStream in = SeededPayload.stream("gpu-bench", bytes)) {
        int at = 0;
        while (at < heap.length) {
          at += in.read(heap, at, heap.length - at);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      pinned.put(0, heap);
      byte[] roots = new byte[units * 32];
      gpu.unitRoots(pinned, roots, 0); // warm-up: module, caches, staging buffers
      gpu.unitRoots(ByteBuffer.wrap(heap), roots, 0);
      double pinnedS = best(() -> gpu.unitRoots(pinned, roots, 0));
      double heapS = best(() -> gpu.unitRoots(ByteBuffer.wrap(heap), roots, 0));
      double copyS = best(() -> copyOnly(gpu, pinned, units));
      double kernelS = kernelOnly(gpu, units);
      double commpS = best(() -> CommP.of(heap, gpu));
      return new Figures(
          gpu.description(),
          bytes,
          bytes / pinnedS / 1e9,
          bytes / heapS / 1e9,
          bytes / copyS / 1e9,
          bytes / kernelS / 1e9,
          bytes / commpS / 1e9);
    } finally {
      gpu.close();
    }
  }

  private static double best(Runnable r) {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      r.run();
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    return best;
  }

  /** The pipeline's host-to-device copies without kernels or copies back. */
  private static void copyOnly(CudaHashBackend gpu, ByteBuffer pinned, int units) {
    gpu.current();
    Pointer base = gpu.pinnedPointer(pinned);
    int chunk = CudaHashBackend.CHUNK_UNITS;
    for (int c = 0; c * chunk < units; c++) {
      Lane lane = gpu.lane(c % CudaHashBackend.STREAMS);
      lane.finish();
      int n = Math.min(chunk, units - c * chunk);
      lane.copyIn(
          base.withByteOffset((long) c * chunk * HashBackend.UNIT_PAYLOAD),
          (long) n * HashBackend.UNIT_PAYLOAD);
    }
    for (int i = 0; i < CudaHashBackend.STREAMS; i++) {
      gpu.lane(i).finish();
    }
  }

  /** Seconds for the kernel over {@code units} units already on the GPU, best of three. */
  private static double kernelOnly(CudaHashBackend gpu, int units) {
    gpu.current();
    Lane lane = gpu.lane(0);
    CUevent start = new CUevent();
    CUevent end = new CUevent();
    check(cuEventCreate(start, 0), "cuEventCreate");
    check(cuEventCreate(end, 0), "cuEventCreate");
    try {
      double best = Double.MAX_VALUE;
      for (int run = 0; run < 4; run++) {
        check(cuEventRecord(start, lane.stream), "cuEventRecord");
        for (int done = 0; done < units; done += CudaHashBackend.CHUNK_UNITS) {
          gpu.launch(lane, Math.min(CudaHashBackend.CHUNK_UNITS, units - done));
        }
        check(cuEventRecord(end, lane.stream), "cuEventRecord");
        check(cuEventSynchronize(end), "cuEventSynchronize");
        float[] ms = new float[1];
        check(cuEventElapsedTime(ms, start, end), "cuEventElapsedTime");
        if (run > 0) {
          best = Math.min(best, ms[0] / 1e3);
        }
      }
      return best;
    } finally {
      check(cuEventDestroy(start), "cuEventDestroy");
      check(cuEventDestroy(end), "cuEventDestroy");
    }
  }
}
