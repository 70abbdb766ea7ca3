package io.cairn.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProofSetTest {
  private static PieceCid piece(long payload, int seed) {
    byte[] root = new byte[32];
    new SplittableRandom(seed).nextBytes(root);
    root[31] &= 0x3F;
    return PieceCid.forPayload(payload, root);
  }

  @Test
  void dataLeavesCountOnlyLeavesWithPayloadAsPdpDoes() {
    // Cids.leafCount: 2^height - floor(floor(128 * padding / 127) / 32)
    assertThat(piece(127, 1).dataLeaves()).isEqualTo(4);
    assertThat(piece(128, 1).dataLeaves()).isEqualTo(8 - (128 * 126 / 127 >> 5));
    assertThat(piece(1, 1).dataLeaves()).isEqualTo(1);
    assertThat(piece(32, 1).dataLeaves()).isEqualTo(2);
    long big = PieceCid.MAX_PAYLOAD - 1_000_000_007L;
    PieceCid p = piece(big, 2);
    assertThat(p.dataLeaves())
        .isEqualTo(
            (1L << 31)
                - java.math.BigInteger.valueOf(p.padding())
                    .multiply(java.math.BigInteger.valueOf(128))
                    .divide(java.math.BigInteger.valueOf(127))
                    .shiftRight(5)
                    .longValueExact());
  }

  @Test
  void locatesLeavesAsPdpSumTreeSearchDoes() {
    SplittableRandom random = new SplittableRandom(3);
    for (int round = 0; round < 20; round++) {
      List<PieceCid> pieces = new ArrayList<>();
      int n = 1 + random.nextInt(40);
      for (int i = 0; i < n; i++) {
        pieces.add(piece(1 + random.nextLong(1 << 16), i));
      }
      ProofSet set = new ProofSet(round, pieces);
      PdpSumTree tree = new PdpSumTree(pieces.stream().mapToLong(PieceCid::dataLeaves).toArray());
      for (int k = 0; k < 200; k++) {
        long leaf = random.nextLong(set.leafCount());
        Challenge c = set.locate(k, leaf);
        long[] expected = tree.find(leaf);
        assertThat(new long[] {c.piece(), c.offset()}).isEqualTo(expected);
      }
      long last = set.leafCount() - 1;
      assertThat(set.locate(0, last).piece()).isEqualTo(n - 1);
      assertThat(set.locate(0, 0).offset()).isZero();
    }
  }

  @Test
  void challengesHashSeedSetIdAndIndexPacked() {
    byte[] seed = HexFormat.of().parseHex("ab".repeat(32));
    byte[] pre = Challenges.preimage(seed, 0x0102, 0x0304);
    assertThat(pre).hasSize(72);
    assertThat(HexFormat.of().formatHex(pre))
        .isEqualTo("ab".repeat(32) + "00".repeat(30) + "0102" + "00".repeat(6) + "0304");
    ProofSet set = ProofSet.of(7, piece(1 << 20, 4));
    List<Challenge> a = set.challenges(seed, 50);
    assertThat(a).hasSize(50);
    assertThat(a).allMatch(c -> c.setLeaf() >= 0 && c.setLeaf() < set.leafCount());
    assertThat(a.stream().map(Challenge::setLeaf).distinct().count()).isGreaterThan(45);
    assertThat(set.challenges(seed, 50)).isEqualTo(a);
    assertThat(new ProofSet(8, set.pieces()).challenges(seed, 50)).isNotEqualTo(a);
  }

  @Test
  void seedsMustBe32BytesOfHex() {
    assertThat(Challenges.parseSeed("0x" + "00".repeat(32))).hasSize(32);
    assertThat(Challenges.parseSeed("FF".repeat(32))).hasSize(32);
    assertThatThrownBy(() -> Challenges.parseSeed("00".repeat(31)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("seed must be 32 bytes (64 hex digits), not 31 bytes");
    assertThatThrownBy(() -> Challenges.parseSeed("zz".repeat(32)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not hex");
    assertThatThrownBy(() -> Challenges.preimage(new byte[33], 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("seed must be 32 bytes, not 33 bytes");
  }

  @Test
  void refusesEmptySetsAndPiecesWithoutData() {
    assertThatThrownBy(() -> new ProofSet(1, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one piece");
    assertThatThrownBy(() -> ProofSet.of(1, piece(0, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds no payload");
    assertThatThrownBy(() -> ProofSet.of(-1, piece(10, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
  }

  /**
   * PDP's sum tree, rebuilt from its description in PDPVerifier: node {@code j} holds the leaf
   * count of pieces {@code j - 2^h + 1 .. j}, {@code h} being the trailing zeros of {@code j + 1},
   * and a leaf is found by a binary search from the top node down.
   */
  private static final class PdpSumTree {
    private final long[] sums;

    PdpSumTree(long[] counts) {
      sums = new long[counts.length];
      for (int j = 0; j < counts.length; j++) {
        int h = Integer.numberOfTrailingZeros(j + 1);
        long sum = counts[j];
        for (int i = 0; i < h; i++) {
          sum += sums[j - (1 << i)];
        }
        sums[j] = sum;
      }
    }

    long[] find(long leaf) {
      int n = sums.length;
      int top = 32 - Integer.numberOfLeadingZeros(n);
      long ptr = (1L << top) - 1;
      long acc = 0;
      for (int h = top; h > 0; h--) {
        if (ptr >= n) {
          ptr -= 1L << (h - 1);
          continue;
        }
        long candidate = acc + sums[(int) ptr];
        if (candidate <= leaf) {
          acc = candidate;
          ptr += 1L << (h - 1);
        } else {
          ptr -= 1L << (h - 1);
        }
      }
      long candidate = acc + sums[(int) ptr];
      if (candidate <= leaf) {
        return new long[] {ptr + 1, leaf - candidate};
      }
      return new long[] {ptr, leaf - acc};
    }
  }
}
