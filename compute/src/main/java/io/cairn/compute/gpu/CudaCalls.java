package io.cairn.compute.gpu;

import jcuda.driver.CUresult;

/** Checks CUDA driver results: a failure becomes an exception naming the call and the error. */
final class CudaCalls {
  private CudaCalls() {}

  /** A CUDA call that did not return {@code CUDA_SUCCESS}. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int result;

    Failure(String call, int result) {
      super(call + " failed: " + errorName(result));
      this.result = result;
    }
  }

  /** Throws unless {@code result} is {@code CUDA_SUCCESS}. */
  static void check(int result, String call) {
    if (result != CUresult.CUDA_SUCCESS) {
      throw new Failure(call, result);
    }
  }

  /** {@code CUDA_ERROR_INVALID_PTX (218)}: JCuda's name for the driver's code, and the code. */
  static String errorName(int result) {
    return CUresult.stringFor(result) + " (" + result + ")";
  }

  /**
   * The telling line of JCuda's load failure, which nests every attempt's stack trace: the last
   * {@code UnsatisfiedLinkError}, naming the missing library such as libcuda.so.1.
   */
  static String loadFailure(Throwable e) {
    String message = e.getMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    String best = message.lines().findFirst().orElse(message);
    for (String line : message.lines().toList()) {
      if (line.startsWith("java.lang.UnsatisfiedLinkError:")) {
        best = line.substring("java.lang.".length());
      }
    }
    return best;
  }
}
