package io.cairn.chain;

import static io.cairn.chain.DevChain.ETHER;
import static io.cairn.chain.FaultsIT.expectRevert;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.proofs.PieceCid;
import io.cairn.proofs.ProofBundle;
import io.cairn.storage.HashFunction;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A provider pads its proofs with a piece it need not store: a deal with itself, from a second
 * address, for a piece whose leaves are all zero (its whole tree is known without storing
 * anything). Challenges drawn over one set holding every client's pieces would almost never fall on
 * another client's small piece, so that client would be paid for nothing; with one set per client,
 * the padding proves only the padding's own set.
 */
@Tag("chain")
class PaddingAttackIT {
  private static final int HEIGHT = 40; // 32 TiB padded: 2^40 zero leaves

  private static DevChain chain;

  @BeforeAll
  static void start() {
    chain = new DevChain(MarketParams.dev());
    chain.registerProvider();
  }

  @AfterAll
  static void stop() {
    if (chain != null) {
      chain.close();
    }
  }

  /** sha254: SHA-256 with the top two bits of its last byte cleared. */
  private static byte[] sha254(byte[] left, byte[] right) {
    byte[] both = new byte[64];
    System.arraycopy(left, 0, both, 0, 32);
    System.arraycopy(right, 0, both, 32, 32);
    byte[] h = HashFunction.SHA2_256.digest(both);
    h[31] &= 0x3f;
    return h;
  }

  /** The roots of all-zero trees of height 0 … {@code height}. */
  private static byte[][] zeroRoots(int height) {
    byte[][] z = new byte[height + 1][];
    z[0] = new byte[32];
    for (int i = 1; i <= height; i++) {
      z[i] = sha254(z[i - 1], z[i - 1]);
    }
    return z;
  }

  /**
   * The proof a provider storing nothing can give: every challenge answered as if it fell on the
   * zero piece, with a zero leaf and the zero tree's siblings (the same at every position).
   */
  private static ProofBundle zeroProof(Challenge c, byte[][] zeros) {
    List<ProofBundle.Proof> proofs = new ArrayList<>();
    for (int i = 0; i < c.count(); i++) {
      proofs.add(new ProofBundle.Proof(new byte[32], Arrays.copyOf(zeros, HEIGHT)));
    }
    List<PieceCid> pieces = c.pieces().stream().map(p -> PieceCid.parse(p.pieceCidV2())).toList();
    return new ProofBundle(c.setId(), c.seed(), pieces, proofs);
  }

  @Test
  void aProviderPaddingItsSetWithAZeroPieceIsNotPaidForAClientsPieceItNeverStored() {
    byte[][] zeros = zeroRoots(HEIGHT);
    String zeroCid = new PieceCid(0, HEIGHT, zeros[HEIGHT]).toString();
    DevChain.Piece real = DevChain.piece(31, 50_000);
    BigInteger padPrice = ETHER.shiftLeft(HEIGHT + 5 - 40); // the provider's floor: 1 ether/TiB
    // the provider's second address opens the padding deal; the honest client its real one
    BigInteger pad =
        chain
            .stranger
            .openDeal(new DealTerms(zeroCid, 2, padPrice, chain.provider.address(), true))
            .id();
    BigInteger honest =
        chain
            .client
            .openDeal(new DealTerms(real.cid(), 2, ETHER, chain.provider.address(), true))
            .id();
    chain.provider.acceptDeal(pad);
    chain.provider.acceptDeal(honest);
    long first = chain.provider.deal(honest).firstPeriod();
    assertThat(chain.provider.deal(pad).firstPeriod()).isEqualTo(first);

    String p = chain.provider.address();
    long padSet = chain.provider.setOf(p, chain.stranger.address());
    long honestSet = chain.provider.setOf(p, chain.client.address());
    assertThat(padSet).isNotZero().isNotEqualTo(honestSet);
    assertThat(chain.provider.setsOf(p)).containsExactly(padSet, honestSet);

    for (int k = 0; k < 2; k++) {
      chain.mineTo(chain.seedBlock(first + k));
      List<Challenge> open = chain.provider.challenges();
      assertThat(open).extracting(Challenge::setId).containsExactly(padSet, honestSet);
      for (Challenge c : open) {
        byte[] data = zeroProof(c, zeros).calldata(c.header());
        if (c.setId() == padSet) {
          chain.provider.provePeriod(data);
        } else {
          // the client's set holds the client's piece alone: every challenge falls on it
          expectRevert(() -> chain.provider.provePeriod(data), "WrongPathLength(0, 40, 11)");
        }
      }
    }
    chain.mineTo(chain.windowEnd(first + 1) + 1);
    chain.stranger.settle(pad);
    chain.stranger.settle(honest);
    DealInfo d = chain.client.deal(honest);
    // the client's piece was never stored: no period of its deal is paid
    assertThat(d.periodsProven()).isZero();
    assertThat(d.periodsFaulted()).isEqualTo(2);
    assertThat(d.paid()).isZero();
    // the padding deal itself was proven with zero paths: the provider paid itself
    assertThat(chain.client.deal(pad).periodsProven()).isEqualTo(2);
  }
}
