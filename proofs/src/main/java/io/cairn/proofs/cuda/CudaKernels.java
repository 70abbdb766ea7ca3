package io.cairn.proofs.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * The shipped kernels (built by {@code proofs/src/main/cuda/build.sh}): a CUBIN for sm_80, 86, 89
 * and 90, and PTX for compute_80 that the driver compiles for other GPUs of compute capability 8.0
 * or newer. A CUBIN runs on GPUs of its major version and the same or a higher minor one, so a
 * device takes the newest CUBIN it can run, else the PTX.
 */
final class CudaKernels {
  static final String RESOURCES = "/io/cairn/proofs/cuda/";
  static final int[] CUBIN_ARCHS = {80, 86, 89, 90};
  static final String ENTRY = "cairn_unit_roots";

  private CudaKernels() {}

  /** The images to try for a device of compute capability {@code major.minor}, best first. */
  static List<String> candidates(int major, int minor) {
    List<String> names = new ArrayList<>();
    int cc = major * 10 + minor;
    for (int i = CUBIN_ARCHS.length - 1; i >= 0; i--) {
      int arch = CUBIN_ARCHS[i];
      if (arch / 10 == major && arch <= cc) {
        names.add("commp_sm" + arch + ".cubin");
      }
    }
    if (cc >= 80) {
      names.add("commp.ptx");
    }
    return names;
  }

  /**
   * Loads the best image for the device into the current context.
   *
   * @throws IllegalStateException naming every image tried and why it failed
   */
  static CUmodule load(int major, int minor) {
    List<String> names = candidates(major, minor);
    if (names.isEmpty()) {
      throw new IllegalStateException(
          "no kernel for compute capability " + major + "." + minor + " (8.0 or newer is needed)");
    }
    List<String> failures = new ArrayList<>();
    for (String name : names) {
      byte[] image = read(name);
      if (name.endsWith(".ptx")) {
        image = Arrays.copyOf(image, image.length + 1); // the driver reads PTX up to a NUL
      }
      CUmodule module = new CUmodule();
      int result = JCudaDriver.cuModuleLoadData(module, image);
      if (result == CUresult.CUDA_SUCCESS) {
        return module;
      }
      failures.add(name + ": cuModuleLoadData failed: " + Cuda.errorName(result));
    }
    throw new IllegalStateException("no shipped kernel loads on this GPU: " + failures);
  }

  static byte[] read(String name) {
    try (InputStream in = CudaKernels.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("kernel " + name + " is missing from the proofs jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kernel " + name, e);
    }
  }
}
