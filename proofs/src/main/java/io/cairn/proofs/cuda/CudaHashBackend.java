package io.cairn.proofs.cuda;

import io.cairn.proofs.HashBackend;

/** Placeholder. */
public final class CudaHashBackend {
  private CudaHashBackend() {}

  public static HashBackend open(int device) {
    throw new IllegalStateException("CUDA backend not built yet");
  }
}
