package io.cairn.proofs.cuda;

import static io.cairn.proofs.cuda.Cuda.check;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemAllocHost;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemFreeHost;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoHAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import io.cairn.proofs.HashBackend;
import java.nio.ByteBuffer;
import java.util.stream.IntStream;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;

/**
 * One stream of the pipeline with its device buffers: a chunk of payload goes host → device, the
 * kernel hashes it, its roots come back to pinned memory, all queued on the stream so the copy of
 * one chunk overlaps the kernel of another. A pinned staging buffer is made on first need, for
 * payload that is not already in pinned memory.
 */
final class Lane {
  static final int NODE = 32;

  final CUstream stream = new CUstream();
  final CUdeviceptr deviceIn = new CUdeviceptr();
  final CUdeviceptr deviceRoots = new CUdeviceptr();
  private final Pointer hostRoots = new Pointer();
  private final ByteBuffer hostRootsView;
  private final int chunkBytes;
  private Pointer staging;
  private ByteBuffer stagingView;
  private int pendingUnits;
  private byte[] pendingOut;
  private int pendingOffset;

  Lane(int chunkUnits) {
    this.chunkBytes = chunkUnits * HashBackend.UNIT_PAYLOAD;
    check(cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING), "cuStreamCreate");
    check(cuMemAlloc(deviceIn, chunkBytes), "cuMemAlloc(" + chunkBytes + " bytes)");
    check(cuMemAlloc(deviceRoots, (long) chunkUnits * NODE), "cuMemAlloc(roots)");
    check(cuMemAllocHost(hostRoots, (long) chunkUnits * NODE), "cuMemAllocHost(roots)");
    hostRootsView = hostRoots.getByteBuffer(0, (long) chunkUnits * NODE);
  }

  /** Copies {@code length} bytes of {@code payload} at {@code offset} into pinned staging. */
  Pointer stage(ByteBuffer payload, int offset, int length) {
    if (staging == null) {
      staging = new Pointer();
      check(cuMemAllocHost(staging, chunkBytes), "cuMemAllocHost(" + chunkBytes + " bytes)");
      stagingView = staging.getByteBuffer(0, chunkBytes);
    }
    int slices = Math.max(1, Math.min(8, length >> 22));
    int per = (length + slices - 1) / slices;
    ByteBuffer dst = stagingView;
    IntStream.range(0, slices)
        .parallel()
        .forEach(
            i -> {
              int at = i * per;
              int n = Math.min(per, length - at);
              if (n > 0) {
                dst.put(at, payload, offset + at, n);
              }
            });
    return staging;
  }

  /** Queues the copy in of {@code bytes} from {@code src}. */
  void copyIn(Pointer src, long bytes) {
    check(cuMemcpyHtoDAsync(deviceIn, src, bytes, stream), "cuMemcpyHtoDAsync");
  }

  /**
   * Queues the copy back of {@code units} roots, to land in {@code out[offset]} at {@link #finish}.
   */
  void copyRootsOut(int units, byte[] out, int offset) {
    check(
        cuMemcpyDtoHAsync(hostRoots, deviceRoots, (long) units * NODE, stream),
        "cuMemcpyDtoHAsync");
    pendingUnits = units;
    pendingOut = out;
    pendingOffset = offset;
  }

  /** Waits for the stream and delivers the roots of its last chunk. */
  void finish() {
    check(cuStreamSynchronize(stream), "cuStreamSynchronize");
    if (pendingOut != null) {
      hostRootsView.get(0, pendingOut, pendingOffset, pendingUnits * NODE);
      pendingOut = null;
    }
  }

  /** Frees what the lane holds; reports the first failure after trying everything. */
  void close() {
    pendingOut = null;
    int sync = cuStreamSynchronize(stream);
    int[] results = {
      cuMemFree(deviceIn),
      cuMemFree(deviceRoots),
      cuMemFreeHost(hostRoots),
      staging == null ? 0 : cuMemFreeHost(staging),
      cuStreamDestroy(stream)
    };
    check(sync, "cuStreamSynchronize");
    for (int r : results) {
      check(r, "freeing a CUDA stream's buffers");
    }
  }
}
