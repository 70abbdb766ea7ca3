package io.cairn.proofs.cuda;

import static io.cairn.proofs.cuda.Cuda.check;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAllocHost;
import static jcuda.driver.JCudaDriver.cuMemFreeHost;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

import io.cairn.proofs.HashBackend;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Map;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;

/**
 * Hashes units on an NVIDIA GPU through the CUDA driver API. A call's payload is cut into chunks of
 * {@value #CHUNK_UNITS} units that go round {@value #STREAMS} streams: each stream copies its chunk
 * in, runs the kernel (one 256-thread block per unit) and copies 32 bytes per unit back, so copies
 * and kernels of different chunks overlap. Payload in buffers from {@link #allocate} is pinned and
 * copied by DMA straight from where it lies; other payload is staged through pinned buffers first.
 * Every driver call's result is checked.
 */
public final class CudaHashBackend implements HashBackend {
  static final int CHUNK_UNITS = 1024;
  static final int STREAMS = 4;
  static final int THREADS = 256;

  private final CUdevice device = new CUdevice();
  private final CUcontext context = new CUcontext();
  private final CUmodule module;
  private final CUfunction function = new CUfunction();
  private final String description;
  private final Lane[] lanes = new Lane[STREAMS];
  private final Map<ByteBuffer, Pointer> pinned = new IdentityHashMap<>();
  private boolean closed;

  private CudaHashBackend(int ordinal) {
    check(cuDeviceGet(device, ordinal), "cuDeviceGet(" + ordinal + ")");
    int major = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
    int minor = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
    byte[] name = new byte[256];
    check(cuDeviceGetName(name, name.length, device), "cuDeviceGetName");
    String deviceName = new String(name, StandardCharsets.US_ASCII).trim().replace("\0", "");
    check(cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
    try {
      check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
      this.module = CudaKernels.load(major, minor);
      check(cuModuleGetFunction(function, module, CudaKernels.ENTRY), "cuModuleGetFunction");
      for (int i = 0; i < STREAMS; i++) {
        lanes[i] = new Lane(CHUNK_UNITS);
      }
    } catch (RuntimeException e) {
      release();
      throw e;
    }
    this.description =
        "cuda ("
            + deviceName
            + ", compute capability "
            + major
            + "."
            + minor
            + ", GPU "
            + ordinal
            + ")";
  }

  /**
   * Opens GPU {@code ordinal}.
   *
   * @throws IllegalStateException if CUDA cannot run here, naming why
   */
  public static HashBackend open(int ordinal) {
    Cuda.init();
    int[] count = new int[1];
    check(cuDeviceGetCount(count), "cuDeviceGetCount");
    if (count[0] == 0) {
      throw new IllegalStateException("the CUDA driver sees no GPU");
    }
    if (ordinal < 0 || ordinal >= count[0]) {
      throw new IllegalStateException("there is no GPU " + ordinal + " (found " + count[0] + ")");
    }
    return new CudaHashBackend(ordinal);
  }

  @Override
  public String name() {
    return "cuda";
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public int batchUnits() {
    return STREAMS * CHUNK_UNITS;
  }

  @Override
  public synchronized ByteBuffer allocate(int capacity) {
    checkOpen();
    current();
    Pointer p = new Pointer();
    check(cuMemAllocHost(p, capacity), "cuMemAllocHost(" + capacity + " bytes)");
    ByteBuffer buffer = p.getByteBuffer(0, capacity);
    pinned.put(buffer, p);
    return buffer;
  }

  @Override
  public synchronized void release(ByteBuffer buffer) {
    Pointer p = pinned.remove(buffer);
    if (p != null && !closed) {
      current();
      check(cuMemFreeHost(p), "cuMemFreeHost");
    }
  }

  @Override
  public synchronized void unitRoots(ByteBuffer payload, byte[] out, int outOffset) {
    checkOpen();
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
    if (outOffset < 0 || out.length - outOffset < units * Lane.NODE) {
      throw new IllegalArgumentException("output has no room for " + units + " roots");
    }
    current();
    Pointer base = pinned.get(payload);
    int chunks = (units + CHUNK_UNITS - 1) / CHUNK_UNITS;
    try {
      for (int c = 0; c < chunks; c++) {
        Lane lane = lanes[c % STREAMS];
        lane.finish();
        int first = c * CHUNK_UNITS;
        int n = Math.min(CHUNK_UNITS, units - first);
        int offset = payload.position() + first * UNIT_PAYLOAD;
        int bytes = n * UNIT_PAYLOAD;
        Pointer src =
            base != null ? base.withByteOffset(offset) : lane.stage(payload, offset, bytes);
        lane.copyIn(src, bytes);
        launch(lane, n);
        lane.copyRootsOut(n, out, outOffset + first * Lane.NODE);
      }
    } finally {
      for (Lane lane : lanes) {
        lane.finish();
      }
    }
  }

  /** Queues the kernel over the {@code units} units in the lane's device buffer. */
  void launch(Lane lane, int units) {
    Pointer params =
        Pointer.to(
            Pointer.to(lane.deviceIn), Pointer.to(lane.deviceRoots), Pointer.to(new int[] {units}));
    check(
        cuLaunchKernel(function, units, 1, 1, THREADS, 1, 1, 0, lane.stream, params, null),
        "cuLaunchKernel(" + CudaKernels.ENTRY + ", " + units + " blocks)");
  }

  /** The pinned memory behind a buffer from {@link #allocate}, or null. */
  synchronized Pointer pinnedPointer(ByteBuffer buffer) {
    return pinned.get(buffer);
  }

  Lane lane(int i) {
    return lanes[i];
  }

  /** Makes this backend's context current on the calling thread. */
  void current() {
    check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
  }

  private int attribute(int which) {
    int[] v = new int[1];
    check(cuDeviceGetAttribute(v, which, device), "cuDeviceGetAttribute(" + which + ")");
    return v[0];
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the CUDA backend is closed");
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    current();
    release();
  }

  private void release() {
    RuntimeException failure = null;
    for (Lane lane : lanes) {
      try {
        if (lane != null) {
          lane.close();
        }
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    for (Pointer p : pinned.values()) {
      int r = cuMemFreeHost(p);
      if (r != 0 && failure == null) {
        failure = new IllegalStateException("cuMemFreeHost failed: " + Cuda.errorName(r));
      }
    }
    pinned.clear();
    if (module != null) {
      int r = cuModuleUnload(module);
      if (r != 0 && failure == null) {
        failure = new IllegalStateException("cuModuleUnload failed: " + Cuda.errorName(r));
      }
    }
    int r = cuDevicePrimaryCtxRelease(device);
    if (r != 0 && failure == null) {
      failure = new IllegalStateException("cuDevicePrimaryCtxRelease failed: " + Cuda.errorName(r));
    }
    if (failure != null) {
      throw failure;
    }
  }
}
