package io.cairn.compute.gpu;

import static io.cairn.compute.gpu.CudaCalls.check;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * The GPU worker: a JVM of its own that runs one kernel and exits, so that a hung or crashed kernel
 * (or driver) takes down this process, never the node. It reads a {@link WorkerRequest} on its
 * standard input and prints one {@link WorkerReply} line on its standard output; its JVM's other
 * output goes to standard error. With {@code --probe} it only looks for a usable GPU.
 *
 * <p>Every CUDA driver call's result is checked; a failure's message names the call and the error.
 */
final class GpuWorker {
  static final String PROBE = "--probe";

  /** Host-device copies go through mapped file windows of at most this many bytes. */
  private static final long WINDOW = 256L * 1024 * 1024;

  private GpuWorker() {}

  public static void main(String[] args) {
    PrintStream out = System.out;
    System.setOut(System.err);
    WorkerReply reply;
    try {
      if (args.length == 1 && args[0].equals(PROBE)) {
        reply = probe();
      } else {
        reply =
            execute(WorkerRequest.read(new DataInputStream(new BufferedInputStream(System.in))));
      }
    } catch (IOException e) {
      reply = WorkerReply.failed("bad request from the node: " + e.getMessage());
    } catch (RuntimeException e) {
      reply = WorkerReply.failed("GPU worker error: " + e);
    }
    out.println(reply.line());
    out.flush();
    System.exit(0);
  }

  /** Whether a GPU is usable here: done with the device's name, or failed saying why not. */
  static WorkerReply probe() {
    String missing = initDriver();
    if (missing != null) {
      return WorkerReply.failed(missing);
    }
    CUdevice device = new CUdevice();
    check(JCudaDriver.cuDeviceGet(device, 0), "cuDeviceGet");
    byte[] name = new byte[256];
    check(JCudaDriver.cuDeviceGetName(name, name.length, device), "cuDeviceGetName");
    long[] memory = new long[1];
    check(JCudaDriver.cuDeviceTotalMem(memory, device), "cuDeviceTotalMem");
    int len = 0;
    while (len < name.length && name[len] != 0) {
      len++;
    }
    return WorkerReply.done(
        0,
        new String(name, 0, len, java.nio.charset.StandardCharsets.UTF_8)
            + ", "
            + memory[0]
            + " bytes");
  }

  /** Runs the request's kernel; a limit or a CUDA failure is a failed reply, not an exception. */
  static WorkerReply execute(WorkerRequest request) {
    long need = request.bufferBytes();
    if (need > request.gpuMemoryCap()) {
      return WorkerReply.failed(memoryLimit(need, request.gpuMemoryCap()));
    }
    for (WorkerRequest.Arg arg : request.args()) {
      if (arg instanceof WorkerRequest.Buffer b && !b.output()) {
        long size = fileSize(b);
        if (size != b.bytes()) {
          return WorkerReply.failed(
              "input buffer " + b.file() + " has " + size + " bytes, not " + b.bytes());
        }
      }
    }
    String missing = initDriver();
    if (missing != null) {
      return WorkerReply.failed(missing);
    }
    try (PowerSampler power = PowerSampler.start(pciBusId())) {
      return launch(request, power);
    } catch (CudaCalls.Failure e) {
      return WorkerReply.failed(e.getMessage());
    } catch (IOException e) {
      return WorkerReply.failed("GPU worker I/O: " + e.getMessage());
    }
  }

  /**
   * Device 0's PCI bus id: {@code nvidia-smi -i} takes it, and it names the same GPU whatever order
   * CUDA and nvidia-smi number devices in.
   */
  private static String pciBusId() {
    CUdevice device = new CUdevice();
    check(JCudaDriver.cuDeviceGet(device, 0), "cuDeviceGet");
    String[] id = new String[1];
    check(JCudaDriver.cuDeviceGetPCIBusId(id, 64, device), "cuDeviceGetPCIBusId");
    return id[0].strip();
  }

  static String memoryLimit(long need, long cap) {
    return "gpu-memory-limit: the kernel's buffers need "
        + need
        + " bytes of GPU memory; the job's cap is "
        + cap;
  }

  /** Null when the driver started and sees a device; otherwise why there is no usable GPU. */
  static String initDriver() {
    int result;
    int[] count = new int[1];
    try {
      JCudaDriver.setExceptionsEnabled(false);
      result = JCudaDriver.cuInit(0);
      if (result == CUresult.CUDA_SUCCESS) {
        result = JCudaDriver.cuDeviceGetCount(count);
      }
    } catch (LinkageError e) {
      return noGpu(
          "the CUDA driver library cannot load for "
              + System.getProperty("os.name")
              + "/"
              + System.getProperty("os.arch")
              + ": "
              + CudaCalls.loadFailure(e));
    }
    if (result != CUresult.CUDA_SUCCESS) {
      return noGpu("cuInit failed: " + CudaCalls.errorName(result));
    }
    if (count[0] < 1) {
      return noGpu("the CUDA driver sees no device");
    }
    return null;
  }

  static String noGpu(String reason) {
    return "no NVIDIA GPU on this node (" + reason + ")";
  }

  private static long fileSize(WorkerRequest.Buffer b) {
    try {
      return Files.size(b.file());
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Loads, launches and copies back; replies with the kernel time and the energy {@code power}
   * measured from launch to synchronisation.
   */
  private static WorkerReply launch(WorkerRequest request, PowerSampler power) throws IOException {
    CUdevice device = new CUdevice();
    check(JCudaDriver.cuDeviceGet(device, 0), "cuDeviceGet");
    CUcontext context = new CUcontext();
    check(JCudaDriver.cuCtxCreate(context, 0, device), "cuCtxCreate");
    List<CUdeviceptr> allocated = new ArrayList<>();
    try {
      CUmodule module = new CUmodule();
      byte[] ptx = Files.readAllBytes(request.ptx());
      byte[] text = java.util.Arrays.copyOf(ptx, ptx.length + 1); // the driver wants NUL-ended text
      int loaded = JCudaDriver.cuModuleLoadData(module, text);
      if (loaded != CUresult.CUDA_SUCCESS) {
        throw new CudaCalls.Failure("the PTX module does not load: cuModuleLoadData", loaded);
      }
      CUfunction function = new CUfunction();
      int found = JCudaDriver.cuModuleGetFunction(function, module, request.kernel());
      if (found != CUresult.CUDA_SUCCESS) {
        throw new CudaCalls.Failure(
            "the PTX module has no kernel '" + request.kernel() + "': cuModuleGetFunction", found);
      }
      Pointer[] params = new Pointer[request.args().size()];
      for (int i = 0; i < params.length; i++) {
        params[i] = parameter(request.args().get(i), allocated);
      }
      CUevent start = new CUevent();
      CUevent stop = new CUevent();
      check(JCudaDriver.cuEventCreate(start, 0), "cuEventCreate");
      check(JCudaDriver.cuEventCreate(stop, 0), "cuEventCreate");
      long launched = System.nanoTime();
      check(JCudaDriver.cuEventRecord(start, null), "cuEventRecord");
      var g = request.grid();
      var b = request.block();
      check(
          JCudaDriver.cuLaunchKernel(
              function,
              g.x(),
              g.y(),
              g.z(),
              b.x(),
              b.y(),
              b.z(),
              0,
              null,
              Pointer.to(params),
              null),
          "cuLaunchKernel");
      check(JCudaDriver.cuEventRecord(stop, null), "cuEventRecord");
      check(JCudaDriver.cuCtxSynchronize(), "cuCtxSynchronize");
      var energy = power.millijoules(launched, System.nanoTime());
      float[] millis = new float[1];
      check(JCudaDriver.cuEventElapsedTime(millis, start, stop), "cuEventElapsedTime");
      check(JCudaDriver.cuEventDestroy(start), "cuEventDestroy");
      check(JCudaDriver.cuEventDestroy(stop), "cuEventDestroy");
      int next = 0;
      for (WorkerRequest.Arg arg : request.args()) {
        if (arg instanceof WorkerRequest.Buffer buf) {
          CUdeviceptr ptr = allocated.get(next++);
          if (buf.output()) {
            transfer(buf, ptr);
          }
        }
      }
      return WorkerReply.done(Math.round(millis[0] * 1_000_000.0), energy, "");
    } finally {
      for (CUdeviceptr ptr : allocated) {
        JCudaDriver.cuMemFree(ptr);
      }
      JCudaDriver.cuCtxDestroy(context);
    }
  }

  private static Pointer parameter(WorkerRequest.Arg arg, List<CUdeviceptr> allocated)
      throws IOException {
    return switch (arg) {
      case WorkerRequest.Scalar s ->
          switch (s.type()) {
            case I32 -> Pointer.to(new int[] {s.value().intValue()});
            case I64 -> Pointer.to(new long[] {s.value().longValue()});
            case F32 -> Pointer.to(new float[] {s.value().floatValue()});
            case F64 -> Pointer.to(new double[] {s.value().doubleValue()});
          };
      case WorkerRequest.Buffer b -> {
        CUdeviceptr ptr = new CUdeviceptr();
        check(JCudaDriver.cuMemAlloc(ptr, Math.max(1, b.bytes())), "cuMemAlloc");
        allocated.add(ptr);
        if (b.output()) {
          check(JCudaDriver.cuMemsetD8(ptr, (byte) 0, Math.max(1, b.bytes())), "cuMemsetD8");
        } else {
          transfer(b, ptr);
        }
        yield Pointer.to(ptr);
      }
    };
  }

  /**
   * Copies an input file to the device, or the device's output buffer to its file, through mapped
   * windows of the file so that the heap stays small.
   */
  private static void transfer(WorkerRequest.Buffer b, CUdeviceptr ptr) throws IOException {
    Set<StandardOpenOption> options =
        b.output()
            ? Set.of(
                StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
            : Set.of(StandardOpenOption.READ);
    FileChannel.MapMode mode =
        b.output() ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY;
    try (FileChannel ch = FileChannel.open(b.file(), options)) {
      for (long off = 0; off < b.bytes(); off += WINDOW) {
        long len = Math.min(WINDOW, b.bytes() - off);
        Pointer host = Pointer.to(ch.map(mode, off, len));
        CUdeviceptr device = ptr.withByteOffset(off);
        if (b.output()) {
          check(JCudaDriver.cuMemcpyDtoH(host, device, len), "cuMemcpyDtoH");
        } else {
          check(JCudaDriver.cuMemcpyHtoD(device, host, len), "cuMemcpyHtoD");
        }
      }
    }
  }
}
