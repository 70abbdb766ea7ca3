package io.cairn.proofs.bench;

import io.cairn.proofs.CommP;
import io.cairn.proofs.HashBackend;
import io.cairn.proofs.PieceCid;
import io.cairn.proofs.PieceSource;
import io.cairn.proofs.PieceTree;
import io.cairn.proofs.ProofBundle;
import io.cairn.proofs.Prover;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Proof times on a full 32 GiB piece: a sparse file of 32 GiB × 127/128 zero bytes (it takes no
 * disk), its tree built once (timed, on the auto backend) and kept next to it, then proofs of 5
 * challenges for fresh seeds, each from the tree file and one 32 KiB read per challenge.
 */
final class ProofBench {
  static final long PAYLOAD = (32L << 30) / 128 * 127;

  private ProofBench() {}

  static List<String> run(Path dir) {
    List<String> out = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("zeros-32g.bin");
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        if (raf.length() != PAYLOAD) {
          raf.setLength(0);
          raf.setLength(PAYLOAD);
        }
      }
      Path treeFile = dir.resolve("zeros-32g.tree");
      if (!Files.exists(treeFile)) {
        try (HashBackend backend = HashBackend.select("auto")) {
          long t0 = System.nanoTime();
          PieceTree tree = CommP.of(file, backend);
          double s = (System.nanoTime() - t0) / 1e9;
          tree.save(treeFile);
          out.add(
              String.format(
                  Locale.ROOT,
                  "  32 GiB piece: tree built in %.1f s (%.1f MB/s, %s), tree file %d bytes",
                  s,
                  PAYLOAD / s / 1e6,
                  backend.description(),
                  Files.size(treeFile)));
        }
      } else {
        out.add("  32 GiB piece: tree file reused from " + treeFile);
      }
      double[] ms = new double[21];
      PieceCid piece = null;
      SplittableRandom random = new SplittableRandom(32);
      for (int i = 0; i < ms.length; i++) {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        long t0 = System.nanoTime();
        try (PieceTree tree = PieceTree.load(treeFile);
            PieceSource payload = PieceSource.of(file)) {
          ProofBundle bundle =
              Prover.prove(1, seed, 5, List.of(new Prover.Provable(tree, payload)));
          piece = bundle.pieces().get(0);
        }
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      double first = ms[0];
      double[] warm = Arrays.copyOfRange(ms, 1, ms.length);
      Arrays.sort(warm);
      out.add(
          String.format(
              Locale.ROOT,
              "  5-challenge proof, 32 GiB piece %s: first %.1f ms, then median %.1f ms, max %.1f ms"
                  + " (tree opened, 5 subtrees read and rebuilt, bundle checked)",
              piece,
              first,
              warm[warm.length / 2],
              warm[warm.length - 1]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
