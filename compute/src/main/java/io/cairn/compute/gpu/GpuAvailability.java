package io.cairn.compute.gpu;

/**
 * Whether this node can run CUDA jobs.
 *
 * @param usable a GPU and its driver answered
 * @param detail the device ("NVIDIA H100 80GB HBM3, 85029158912 bytes"), or why there is none ("no
 *     NVIDIA GPU on this node (…)")
 */
public record GpuAvailability(boolean usable, String detail) {
  @Override
  public String toString() {
    return usable ? "GPU: " + detail : detail;
  }
}
