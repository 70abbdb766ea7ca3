package io.cairn.proofs;

import java.util.ArrayList;
import java.util.List;

/**
 * Answers a proving period: derives the challenges from the seed as the contract will, proves each
 * challenged leaf from its piece's stored upper layers and payload, and checks every proof before
 * handing the bundle out, so a damaged tree file or payload is reported here rather than by the
 * contract.
 */
public final class Prover {
  /**
   * A piece of the set with what proving it needs: its tree and its payload. Closing it releases
   * the files they read.
   */
  public record Provable(PieceTree tree, PieceSource payload) implements AutoCloseable {
    public Provable {
      if (tree == null || payload == null) {
        throw new IllegalArgumentException("a provable piece needs its tree and its payload");
      }
    }

    @Override
    public void close() {
      try {
        tree.close();
      } finally {
        payload.close();
      }
    }
  }

  private Prover() {}

  /**
   * Closes every piece, even when one fails to close; the first failure is thrown after, with the
   * others suppressed in it.
   */
  public static void closeAll(List<Provable> pieces) {
    RuntimeException failure = null;
    for (Provable p : pieces) {
      try {
        p.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * The bundle of {@code count} proofs for the set of {@code pieces} (in piece-ID order).
   *
   * @throws IllegalStateException if a proof does not verify: the payload or tree is damaged
   */
  public static ProofBundle prove(long setId, byte[] seed, int count, List<Provable> pieces) {
    Challenges.checkSeed(seed);
    List<PieceCid> cids = pieces.stream().map(p -> p.tree().piece()).toList();
    ProofSet set = new ProofSet(setId, cids);
    List<ProofBundle.Proof> proofs = new ArrayList<>(count);
    for (Challenge c : set.challenges(seed, count)) {
      Provable piece = pieces.get(c.piece());
      InclusionProof proof = piece.tree().prove(c.offset(), piece.payload());
      if (!proof.verify(piece.tree().piece())) {
        throw new IllegalStateException(
            "the proof of leaf "
                + c.offset()
                + " of piece "
                + piece.tree().piece()
                + " does not verify: its payload or its tree file is damaged");
      }
      proofs.add(ProofBundle.Proof.of(proof));
    }
    return new ProofBundle(setId, seed, cids, proofs);
  }
}
