package io.cairn.chain;

import static io.cairn.chain.DevChain.ETHER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.proofs.ProofBundle;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A provider that misses periods and sends wrong proofs: nothing is paid without a valid proof for
 * the period's own challenges, missed periods refund the client and slash collateral.
 */
@Tag("chain")
class FaultsIT {
  private static DevChain chain;
  private static DevChain.Piece piece;

  @BeforeAll
  static void start() {
    chain = new DevChain(MarketParams.dev());
    chain.registerProvider();
    piece = DevChain.piece(11, 100_000);
  }

  @AfterAll
  static void stop() {
    if (chain != null) {
      chain.close();
    }
  }

  @Test
  void missedAndWrongProofsAreUnpaidRefundedAndSlashed() {
    ChainClient client = chain.client;
    ChainClient provider = chain.provider;
    String token = chain.deployment.token();
    BigInteger price = ETHER;
    BigInteger collateral = price.multiply(BigInteger.valueOf(3)); // 50% of 6 periods
    BigInteger slash = price.divide(BigInteger.TWO); // 50% of the period's price, all burned
    BigInteger stakeBefore = client.provider(provider.address()).orElseThrow().stake();
    client.mintTestToken(client.address(), price.multiply(BigInteger.valueOf(6)));
    provider.mintTestToken(provider.address(), collateral);
    BigInteger id =
        client.openDeal(new DealTerms(piece.cid(), 6, price, provider.address(), false)).id();
    provider.acceptDeal(id);
    long first = provider.deal(id).firstPeriod();
    Map<BigInteger, DevChain.Piece> pieces = Map.of(id, piece);

    // the first period proven: settled at once
    ProofBundle b0 = chain.bundle(provider, first, pieces);
    Challenge c0 = DevChain.only(provider);
    byte[] period0 = b0.calldata(c0.header());
    provider.provePeriod(period0);
    chain.stranger.settle(id);
    expectRevert(() -> chain.stranger.settle(id), "NothingToSettle");

    // the second missed: once its window has passed anyone may settle it
    chain.mineTo(chain.seedBlock(first + 1));
    assertThat(provider.challenges()).isNotEmpty();
    chain.mineTo(chain.windowEnd(first + 1));
    assertThat(provider.challenges()).isEmpty(); // the next block is before the next window
    expectRevert(() -> provider.provePeriod(period0), "NoWindowOpen");
    chain.stranger.settle(id);
    DealInfo d = client.deal(id);
    assertThat(d.periodsFaulted()).isEqualTo(1);
    assertThat(d.periodsSettled()).isEqualTo(2);
    assertThat(d.refunded()).isEqualTo(price);
    assertThat(d.collateral()).isEqualTo(collateral.subtract(slash));
    assertThat(client.withdrawable(client.address(), token)).isEqualTo(price);
    assertThat(client.withdrawable(BURN, token)).isEqualTo(slash);

    // the third: another block's header, wrong seed, tampered leaf, short path, too few proofs
    chain.mineTo(chain.seedBlock(first + 2));
    Challenge c2 = DevChain.only(provider);
    assertThat(c2.period()).isEqualTo(first + 2);
    ProofBundle good = DevChain.bundle(c2, pieces);
    assertThat(good.verify().valid()).isTrue();
    expectRevert(
        () -> provider.provePeriod(good.calldata(c0.header())),
        "WrongHeader(" + c2.seedBlock() + ")");
    byte[] otherSeed = c2.seed();
    otherSeed[0] ^= 1;
    expectRevert(
        () -> provider.provePeriod(piece.prove(c2.setId(), otherSeed, 5).calldata(c2.header())),
        "InvalidProof");
    expectRevert(
        () -> provider.provePeriod(tamperLeaf(good, 3).calldata(c2.header())), "InvalidProof(3)");
    expectRevert(
        () -> provider.provePeriod(shortenPath(good, 1).calldata(c2.header())),
        "WrongPathLength(1, 11, 12)");
    ProofBundle four =
        new ProofBundle(c2.setId(), c2.seed(), good.pieces(), good.proofs().subList(0, 4));
    expectRevert(() -> provider.provePeriod(four.calldata(c2.header())), "WrongProofCount(5, 4)");
    ProofBundle elsewhere = new ProofBundle(999, c2.seed(), good.pieces(), good.proofs());
    expectRevert(() -> provider.provePeriod(elsewhere.calldata(c2.header())), "UnknownSet(999)");
    expectRevert(() -> chain.stranger.settle(id), "NothingToSettle"); // none of it proved it

    provider.provePeriod(good.calldata(c2.header()));
    expectRevert(
        () -> provider.provePeriod(good.calldata(c2.header())),
        "PeriodAlreadyProven(" + c2.setId() + ", " + c2.period() + ")");
    chain.stranger.settle(id);
    assertThat(client.deal(id).paid()).isEqualTo(price.multiply(BigInteger.TWO));

    // the last three missed: the deal ends failed (4 of 6 faulted). A transaction sent now lands
    // in the next block: at the window's last block it is in time, so at the block before the
    // last period's last one, periods 4 and 5 settle and the last not yet
    long last = first + 5;
    chain.mineTo(chain.windowEnd(last) - 2);
    chain.stranger.settle(id);
    d = client.deal(id);
    assertThat(d.state()).isEqualTo(DealState.ACTIVE);
    assertThat(d.periodsSettled()).isEqualTo(5);
    assertThat(d.periodsFaulted()).isEqualTo(3);
    expectRevert(() -> chain.stranger.settle(id), "NothingToSettle");
    chain.anvil.mine(1);
    chain.stranger.settle(id);
    d = client.deal(id);
    assertThat(d.state()).isEqualTo(DealState.ENDED);
    assertThat(d.periodsProven()).isEqualTo(2);
    assertThat(d.periodsFaulted()).isEqualTo(4);
    assertThat(d.periodsSettled()).isEqualTo(6);
    assertThat(d.paid()).isEqualTo(price.multiply(BigInteger.TWO));
    assertThat(d.refunded()).isEqualTo(price.multiply(BigInteger.valueOf(4)));
    assertThat(d.collateral()).isZero();
    assertThat(d.escrowLeft()).isZero();
    BigInteger slashed = slash.multiply(BigInteger.valueOf(4));
    BigInteger clientDue = price.multiply(BigInteger.valueOf(4));
    BigInteger providerDue = price.multiply(BigInteger.TWO).add(collateral).subtract(slashed);
    assertThat(client.withdrawable(client.address(), token)).isEqualTo(clientDue);
    assertThat(provider.withdrawable(provider.address(), token)).isEqualTo(providerDue);
    assertThat(client.withdrawable(BURN, token)).isEqualTo(slashed);
    expectRevert(() -> chain.stranger.settle(id), "WrongState");

    client.withdraw(token);
    provider.withdraw(token);
    assertThat(client.tokenBalance(client.address())).isEqualTo(clientDue);
    assertThat(provider.tokenBalance(provider.address())).isEqualTo(providerDue);
    // what the market still holds is the burned share, which nobody can withdraw
    assertThat(client.tokenBalance(chain.deployment.market())).isEqualTo(slashed);

    // the failed deal's stake is slashed (burned by the registry)
    ProviderInfo p = client.provider(provider.address()).orElseThrow();
    assertThat(p.periodsProven()).isEqualTo(2);
    assertThat(p.periodsFaulted()).isEqualTo(4);
    assertThat(p.dealsFailed()).isEqualTo(1);
    assertThat(p.dealsCompleted()).isZero();
    assertThat(p.stake()).isEqualTo(stakeBefore.subtract(chain.params.stakePerDeal()));
  }

  @Test
  void aLostPieceLeavesTheSetAtItsDealsEndWithoutAProofAndTheOtherDealsAreProvenAgain() {
    ChainClient p = chain.connect(4);
    p.registerProvider(DevChain.offer("12D3KooWLostPiece"), ETHER);
    ChainClient c = chain.stranger;
    DevChain.Piece big = DevChain.piece(21, 1_000_000); // 2^15 leaves
    DevChain.Piece small = DevChain.piece(22, 2_000); // 2^6 leaves
    BigInteger lost = c.openDeal(new DealTerms(big.cid(), 10, ETHER, p.address(), true)).id();
    BigInteger kept = c.openDeal(new DealTerms(small.cid(), 10, ETHER, p.address(), true)).id();
    p.acceptDeal(lost);
    p.acceptDeal(kept);
    long first = p.deal(kept).firstPeriod();
    chain.proveSet(p, first, Map.of(lost, big, kept, small));

    // the big piece is lost: while it is in the range, 5 challenges all miss it with probability
    // (64 / 32,832)^5, so no proof of the set succeeds. Its deal is terminated with notice.
    p.terminateDeal(lost);
    long end = p.deal(lost).endPeriod();
    assertThat(end).isEqualTo(first + 1 + chain.params.noticePeriods());
    for (long k = first + 1; k < end; k++) {
      chain.mineTo(chain.seedBlock(k));
      assertThat(DevChain.only(p).pieces()).extracting(SetPiece::dealId).contains(lost);
    }
    // from its end on the piece is out of the range, though no proof came since: taking the
    // period's range removes it
    chain.mineTo(chain.seedBlock(end));
    Challenge ch = DevChain.only(p);
    assertThat(ch.pieces()).extracting(SetPiece::dealId).containsExactly(kept);
    assertThat(ch.range()).isEqualTo(p.deal(kept).leafCount());
    p.provePeriod(DevChain.bundle(ch, Map.of(kept, small)).calldata(ch.header()));
    chain.mineTo(chain.windowEnd(end) + 1);
    c.settle(kept);
    DealInfo d = p.deal(kept);
    assertThat(d.periodsSettled()).isEqualTo((int) (end - first + 1));
    assertThat(d.periodsProven()).isEqualTo(2); // the first, and the end's
    assertThat(d.periodsFaulted()).isEqualTo((int) (end - first - 1));
    c.settle(lost);
    assertThat(p.deal(lost).state()).isEqualTo(DealState.ENDED);
    p.close();
  }

  static final String BURN = "0x000000000000000000000000000000000000dEaD";

  static void expectRevert(ThrowingCallable call, String reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ChainException.class,
            e -> {
              assertThat(e.reason()).startsWith(reason);
              assertThat(e.errorName()).isEqualTo(reason.replaceAll("\\(.*", ""));
            });
  }

  private static ProofBundle tamperLeaf(ProofBundle b, int index) {
    List<ProofBundle.Proof> proofs = new ArrayList<>(b.proofs());
    ProofBundle.Proof p = proofs.get(index);
    byte[] leaf = p.leaf();
    leaf[0] ^= 0x01;
    proofs.set(index, new ProofBundle.Proof(leaf, p.path()));
    return new ProofBundle(b.setId(), b.seed(), b.pieces(), proofs);
  }

  private static ProofBundle shortenPath(ProofBundle b, int index) {
    List<ProofBundle.Proof> proofs = new ArrayList<>(b.proofs());
    ProofBundle.Proof p = proofs.get(index);
    byte[][] path = p.path();
    proofs.set(index, new ProofBundle.Proof(p.leaf(), Arrays.copyOf(path, path.length - 1)));
    return new ProofBundle(b.setId(), b.seed(), b.pieces(), proofs);
  }
}
