package io.cairn.proofs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The pieces a provider proves together, in the order of their piece IDs in the contract, with one
 * global leaf index across them as PDP's sum tree gives it: piece {@code k} owns the leaves {@code
 * [S(k), S(k) + dataLeaves(k))} where {@code S(k)} sums the data leaves of the pieces before it. A
 * removed piece owns no leaves and is left out. The lookup here (a binary search over those sums)
 * finds the same piece and offset as the contract's {@code findOnePieceId}.
 *
 * @param setId the data set's ID in the contract (PDP keeps it as a uint64)
 * @param pieces the live pieces within the challenge range, in piece-ID order
 */
public record ProofSet(long setId, List<PieceCid> pieces) {
  public ProofSet {
    if (setId < 0) {
      throw new IllegalArgumentException("set ID " + setId + " is negative");
    }
    if (pieces == null || pieces.isEmpty()) {
      throw new IllegalArgumentException("a proof set needs at least one piece");
    }
    pieces = List.copyOf(pieces);
    long sum = 0;
    for (PieceCid p : pieces) {
      if (p.dataLeaves() == 0) {
        throw new IllegalArgumentException(
            "piece " + p + " holds no payload, so it has no leaf to prove (PDP refuses it too)");
      }
      sum = Math.addExact(sum, p.dataLeaves());
    }
  }

  /** A set of one piece. */
  public static ProofSet of(long setId, PieceCid piece) {
    return new ProofSet(setId, List.of(piece));
  }

  /** The challenge range: data leaves over all pieces. */
  public long leafCount() {
    return starts()[pieces.size()];
  }

  /** The piece and offset of set leaf {@code leaf}. */
  public Challenge locate(int number, long leaf) {
    long[] starts = starts();
    if (leaf < 0 || leaf >= starts[pieces.size()]) {
      throw new IllegalArgumentException(
          "leaf " + leaf + " is outside the set's " + starts[pieces.size()] + " leaves");
    }
    int i = Arrays.binarySearch(starts, leaf);
    // Several equal starts cannot happen (every piece has at least one data leaf), so an exact
    // hit is the piece that starts there; otherwise the piece before the insertion point.
    int piece = i >= 0 ? i : -i - 2;
    return new Challenge(number, leaf, piece, leaf - starts[piece]);
  }

  /** The {@code count} challenges of a proving period with this seed. */
  public List<Challenge> challenges(byte[] seed, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("challenge count must be at least 1, not " + count);
    }
    long leaves = leafCount();
    List<Challenge> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(locate(i, Challenges.challenge(seed, setId, i, leaves)));
    }
    return out;
  }

  private long[] starts() {
    long[] starts = new long[pieces.size() + 1];
    for (int i = 0; i < pieces.size(); i++) {
      starts[i + 1] = starts[i] + pieces.get(i).dataLeaves();
    }
    return starts;
  }
}
