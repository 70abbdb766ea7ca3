package io.cairn.compute;

import java.util.List;
import java.util.Objects;

/**
 * How a CUDA job launches its kernel: the kernel's name in the PTX module, the grid and block shape
 * and the arguments in order.
 */
public record CudaLaunch(String kernel, Dim3 grid, Dim3 block, List<KernelArg> args) {
  /** CUDA's limit on threads per block. */
  public static final long MAX_THREADS_PER_BLOCK = 1024;

  public CudaLaunch {
    if (kernel == null || kernel.isBlank()) {
      throw new IllegalArgumentException("cuda.kernel must name the kernel to launch");
    }
    Objects.requireNonNull(grid, "cuda.grid");
    Objects.requireNonNull(block, "cuda.block");
    if (block.count() > MAX_THREADS_PER_BLOCK) {
      throw new IllegalArgumentException(
          "cuda.block has "
              + block.count()
              + " threads; a block holds at most "
              + MAX_THREADS_PER_BLOCK);
    }
    args = List.copyOf(Objects.requireNonNull(args, "cuda.args"));
  }

  /** A launch dimension; each side at least 1. */
  public record Dim3(int x, int y, int z) {
    public Dim3 {
      if (x < 1 || y < 1 || z < 1) {
        throw new IllegalArgumentException(
            "launch dimensions must be at least 1, not (" + x + ", " + y + ", " + z + ")");
      }
    }

    public long count() {
      return (long) x * y * z;
    }
  }
}
