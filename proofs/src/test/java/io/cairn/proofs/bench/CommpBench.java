package io.cairn.proofs.bench;

import io.cairn.proofs.CommP;
import io.cairn.proofs.HashBackend;
import io.cairn.proofs.PieceCid;
import io.cairn.proofs.cuda.CudaBench;
import io.cairn.proofs.hash.NodeHasher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/commp} and the GPU carry-out: CommP throughput on the CPU against this machine's
 * SHA-256 bound, the GPU figures where CUDA runs, and proof times on a 32 GiB piece. Prints figures
 * and ratios; asserts nothing.
 *
 * <pre>
 *   --size-mib N       payload for the CPU figures (default 256)
 *   --seed S           payload seed, shared with interop/proofs-bench.mjs (default "bench")
 *   --gpu-mib N        payload for the GPU figures (default 1024, at most 2047; 0 skips)
 *   --proof-dir DIR    also time proofs on a sparse 32 GiB piece file made in DIR
 * </pre>
 */
public final class CommpBench {
  private CommpBench() {}

  public static void main(String[] args) {
    Options o = Options.parse(args);
    run(o).forEach(System.out::println);
  }

  /** The bench's options. */
  public record Options(int sizeMib, String seed, int gpuMib, Path proofDir) {
    public static Options parse(String... args) {
      int size = 256;
      int gpu = 1024;
      String seed = "bench";
      Path proofs = null;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        String v = i + 1 < args.length ? args[i + 1] : null;
        switch (a) {
          case "--size-mib" -> size = Integer.parseInt(need(a, v));
          case "--gpu-mib" -> gpu = Integer.parseInt(need(a, v));
          case "--seed" -> seed = need(a, v);
          case "--proof-dir" -> proofs = Path.of(need(a, v));
          default -> throw new IllegalArgumentException("unknown bench option '" + a + "'");
        }
        i++;
      }
      if (size < 1 || size > 2047 || gpu < 0 || gpu > 2047) {
        throw new IllegalArgumentException("sizes are MiB in [1, 2047]");
      }
      return new Options(size, seed, gpu, proofs);
    }

    private static String need(String option, String value) {
      if (value == null) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return value;
    }
  }

  /** Runs the bench and gives the lines it prints. */
  public static List<String> run(Options o) {
    List<String> out = new ArrayList<>();
    int cores = Runtime.getRuntime().availableProcessors();
    long bytes = (long) o.sizeMib() << 20;
    out.add(
        String.format(
            Locale.ROOT,
            "commp bench: %d MiB payload, %d cores, Java %s",
            o.sizeMib(),
            cores,
            Runtime.version()));
    byte[] payload = SeededPayload.bytes(o.seed(), (int) bytes);
    shaBound(64L << 20, cores); // warm-up
    double bound1 = shaBound(bytes, 1);
    double boundAll = shaBound(bytes, cores);
    out.add(row("SHA-256 bound, 1 core", bound1, ""));
    out.add(row("SHA-256 bound, " + cores + " cores", boundAll, ""));
    PieceCid piece;
    double cpu;
    try (HashBackend backend = HashBackend.cpu()) {
      CommP.of(Arrays.copyOf(payload, 8 << 20), backend); // warm-up
      double best = Double.MAX_VALUE;
      piece = null;
      for (int i = 0; i < 3; i++) {
        long t0 = System.nanoTime();
        piece = CommP.of(payload, backend).piece();
        best = Math.min(best, (System.nanoTime() - t0) / 1e9);
      }
      cpu = bytes / best / 1e6;
    }
    out.add(
        row(
            "cairn CommP, cpu",
            cpu,
            String.format(
                Locale.ROOT, "%.0f%% of the %d-core bound", 100 * cpu / boundAll, cores)));
    out.add("  piece " + piece + " (" + piece.v1() + ", padded " + piece.paddedSize() + ")");
    if (o.gpuMib() > 0) {
      out.addAll(gpu(o.gpuMib()));
    }
    if (o.proofDir() != null) {
      out.addAll(ProofBench.run(o.proofDir()));
    }
    out.add(
        String.format(
            Locale.ROOT,
            "RESULT cpu_mbps=%.1f bound_mbps=%.1f bound1_mbps=%.1f piece=%s",
            cpu,
            boundAll,
            bound1,
            piece));
    return out;
  }

  private static List<String> gpu(int mib) {
    List<String> out = new ArrayList<>();
    CudaBench.Figures f;
    try {
      f = CudaBench.run((int) (((long) mib << 20) / HashBackend.UNIT_PAYLOAD));
    } catch (IllegalStateException e) {
      out.add("  GPU: skipped, CUDA unavailable: " + e.getMessage());
      return out;
    }
    out.add(
        String.format(Locale.ROOT, "  GPU: %s, %d MB payload", f.device(), f.bytes() / 1_000_000));
    out.add(gbs("unit roots, pinned host memory", f.pipelinePinned()));
    out.add(gbs("unit roots, Java heap", f.pipelineHeap()));
    out.add(gbs("host-to-device copy alone", f.copyOnly()));
    out.add(gbs("kernel alone (data on the GPU)", f.kernelOnly()));
    out.add(gbs("CommP of a heap byte[]", f.commpHeap()));
    out.add(
        String.format(
            Locale.ROOT,
            "    pipeline time / copy time: %.2f (pinned), %.2f (heap)",
            f.copyOnly() / f.pipelinePinned(),
            f.copyOnly() / f.pipelineHeap()));
    return out;
  }

  private static String row(String what, double mbps, String note) {
    return String.format(Locale.ROOT, "  %-32s %9.1f MB/s  %s", what, mbps, note).stripTrailing();
  }

  private static String gbs(String what, double gbps) {
    return String.format(Locale.ROOT, "    %-36s %7.2f GB/s", what, gbps);
  }

  /**
   * MB/s of payload that SHA-256 alone allows: a payload of B bytes needs about B·128/127/32 hashes
   * of 64 bytes; this times that many on {@code threads} threads at once, each with one reused
   * digest hashing in place as the tree does.
   */
  static double shaBound(long payloadBytes, int threads) {
    long hashes = payloadBytes * 128 / 127 / 32;
    long per = hashes / threads;
    Thread[] workers = new Thread[threads];
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      workers[t] =
          new Thread(
              () -> {
                NodeHasher h = new NodeHasher();
                byte[] buf = new byte[32768];
                for (long i = 0; i < per; i++) {
                  int off = (int) (i & 511) * 64;
                  h.hash(buf, off, buf, off >> 1);
                }
              });
      workers[t].start();
    }
    for (Thread w : workers) {
      try {
        w.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    double s = (System.nanoTime() - t0) / 1e9;
    return payloadBytes / s / 1e6;
  }
}
