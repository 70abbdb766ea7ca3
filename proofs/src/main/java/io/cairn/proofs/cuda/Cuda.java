package io.cairn.proofs.cuda;

import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * Checks CUDA driver results: every call's status goes through {@link #check}, which turns a
 * failure into an exception naming the call and the driver's error.
 */
final class Cuda {
  private static volatile String loadFailure;
  private static volatile boolean initialised;

  private Cuda() {}

  /** Throws unless {@code result} is {@code CUDA_SUCCESS}. */
  static void check(int result, String call) {
    if (result != CUresult.CUDA_SUCCESS) {
      throw new IllegalStateException(call + " failed: " + errorName(result));
    }
  }

  /**
   * The telling line of JCuda's long load failure (it nests every attempt's stack trace): the last
   * {@code UnsatisfiedLinkError}, which names the missing library such as libcuda.so.1.
   */
  static String rootCause(String message) {
    if (message == null) {
      return "unknown reason";
    }
    String best = message.lines().findFirst().orElse(message);
    for (String line : message.lines().toList()) {
      if (line.startsWith("java.lang.UnsatisfiedLinkError:")) {
        best = line.substring("java.lang.".length());
      }
    }
    return best;
  }

  static String errorName(int result) {
    String[] name = new String[1];
    try {
      if (JCudaDriver.cuGetErrorName(result, name) == CUresult.CUDA_SUCCESS && name[0] != null) {
        return name[0] + " (" + result + ")";
      }
    } catch (LinkageError e) {
      // fall through to JCuda's own table
    }
    return CUresult.stringFor(result);
  }

  /**
   * Loads the JCuda driver library and initialises the driver, once.
   *
   * @throws IllegalStateException if JCuda has no native library for this platform, the CUDA driver
   *     (libcuda) is missing, or it finds no usable device
   */
  static synchronized void init() {
    if (initialised) {
      return;
    }
    if (loadFailure != null) {
      throw new IllegalStateException(loadFailure);
    }
    int result;
    try {
      JCudaDriver.setExceptionsEnabled(false);
      result = JCudaDriver.cuInit(0);
    } catch (LinkageError e) {
      loadFailure =
          "the JCuda driver library cannot load here (no CUDA driver, or no JCuda native library"
              + " for "
              + System.getProperty("os.name")
              + "/"
              + System.getProperty("os.arch")
              + "): "
              + rootCause(e.getMessage());
      throw new IllegalStateException(loadFailure, e);
    }
    if (result != CUresult.CUDA_SUCCESS) {
      loadFailure = "the CUDA driver does not start: cuInit failed: " + errorName(result);
      throw new IllegalStateException(loadFailure);
    }
    initialised = true;
  }
}
