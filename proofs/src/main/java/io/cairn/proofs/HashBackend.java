package io.cairn.proofs;

import io.cairn.proofs.cuda.CudaHashBackend;
import io.cairn.proofs.hash.CpuHashBackend;
import io.cairn.proofs.hash.SubtreeHasher;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where piece trees are hashed. A backend turns payload into the roots of its 1024-leaf subtrees
 * ("units": 256 quads, 32,512 payload bytes, 32 KiB of Fr32 leaves); the few layers above are
 * hashed on the CPU by the caller. Every backend gives the same roots, bit for bit.
 *
 * <p>{@code cpu} uses all cores and the JDK's SHA-256 intrinsics; {@code cuda} runs precompiled
 * kernels through the CUDA driver, streaming payload to the GPU in chunks that overlap copy and
 * compute; {@code auto} takes CUDA when a GPU and its driver are there, else the CPU.
 */
public interface HashBackend extends AutoCloseable {
  /** Payload bytes in a unit. */
  int UNIT_PAYLOAD = SubtreeHasher.UNIT_PAYLOAD;

  /** Levels of the tree inside a unit: its root is a node of level 10. */
  int UNIT_LEVELS = SubtreeHasher.MAX_LEVELS;

  /** {@code cpu} or {@code cuda}. */
  String name();

  /** One line for users: the backend and what it runs on. */
  String description();

  /** Units per {@link #unitRoots} call that keep this backend busy. */
  int batchUnits();

  /**
   * A buffer of {@code capacity} bytes that this backend reads fastest (pinned host memory for
   * CUDA, so copies to the GPU need no staging). Valid until {@link #close()}.
   */
  ByteBuffer allocate(int capacity);

  /**
   * Gives back a buffer from {@link #allocate} before {@link #close()} (pinned memory is scarce).
   */
  default void release(ByteBuffer buffer) {}

  /**
   * Writes the root of each unit of {@code payload[position, limit)} (whose length must be a
   * multiple of {@link #UNIT_PAYLOAD}) to {@code out}, 32 bytes each from {@code outOffset}. The
   * buffer's position and limit are left as they were.
   */
  void unitRoots(ByteBuffer payload, byte[] out, int outOffset);

  /** Releases threads, device memory and pinned buffers. */
  @Override
  void close();

  /** The CPU backend on all cores. */
  static HashBackend cpu() {
    return new CpuHashBackend(Runtime.getRuntime().availableProcessors());
  }

  /** The CPU backend on {@code threads} threads. */
  static HashBackend cpu(int threads) {
    return new CpuHashBackend(threads);
  }

  /**
   * The CUDA backend on device 0.
   *
   * @throws IllegalStateException naming why CUDA cannot be used here (no JCuda native library for
   *     this platform, no driver, no device, no kernel for its architecture)
   */
  static HashBackend cuda() {
    try {
      return CudaHashBackend.open(0);
    } catch (LinkageError e) {
      throw new IllegalStateException("JCuda is not on the class path: " + e, e);
    }
  }

  /**
   * The backend named by a user option: {@code auto}, {@code cpu} or {@code cuda}.
   *
   * @throws IllegalArgumentException for another name; {@link IllegalStateException} when {@code
   *     cuda} is asked for and cannot run
   */
  static HashBackend select(String option) {
    String o = option == null ? "auto" : option.strip().toLowerCase(Locale.ROOT);
    return switch (o) {
      case "cpu" -> cpu();
      case "cuda", "gpu" -> cuda();
      case "auto", "" -> {
        try {
          yield cuda();
        } catch (IllegalStateException e) {
          Logger log = LoggerFactory.getLogger(HashBackend.class);
          log.debug("CUDA backend unavailable, hashing on the CPU: {}", e.getMessage());
          yield cpu();
        }
      }
      default ->
          throw new IllegalArgumentException(
              "unknown hash backend '" + option + "'; known: auto, cpu, cuda");
    };
  }
}
