package io.cairn.chain;

import static io.cairn.chain.DevChain.ETHER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.proofs.ProofBundle;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    BigInteger slash = collateral.divide(BigInteger.TEN); // 10% per fault
    client.mintTestToken(client.address(), price.multiply(BigInteger.valueOf(6)));
    provider.mintTestToken(provider.address(), collateral);
    BigInteger id =
        client.openDeal(new DealTerms(piece.cid(), 6, price, provider.address(), false)).id();
    provider.acceptDeal(id);
    long start = provider.deal(id).startBlock();

    // period 0 proven
    chain.mineTo(chain.seedBlock(start, 0));
    Challenge c0 = provider.challenge(id).orElseThrow();
    byte[] period0 = piece.prove(id, c0.seed(), c0.count()).calldata();
    provider.provePossession(period0);
    expectRevert(() -> chain.stranger.settle(id), "NothingToSettle");

    // period 1 missed: once its window has passed anyone may settle it
    chain.mineTo(chain.seedBlock(start, 1));
    assertThat(provider.challenge(id)).isPresent();
    chain.mineTo(chain.windowEnd(start, 1));
    assertThat(provider.challenge(id)).isEmpty(); // the next block is past the window
    expectRevert(() -> provider.provePossession(period0), "NoWindowOpen");
    chain.stranger.settle(id);
    DealInfo d = client.deal(id);
    assertThat(d.periodsFaulted()).isEqualTo(1);
    assertThat(d.periodsSettled()).isEqualTo(2);
    assertThat(d.refunded()).isEqualTo(price);
    assertThat(d.collateral()).isEqualTo(collateral.subtract(slash));
    assertThat(client.withdrawable(client.address(), token)).isEqualTo(price.add(slash));

    // period 2: wrong seed, tampered leaf, an old period's proof, short path, too few proofs
    chain.mineTo(chain.seedBlock(start, 2));
    Challenge c2 = provider.challenge(id).orElseThrow();
    assertThat(c2.period()).isEqualTo(2);
    byte[] otherSeed = c2.seed();
    otherSeed[0] ^= 1;
    expectRevert(
        () -> provider.provePossession(piece.prove(id, otherSeed, 5).calldata()), "InvalidProof");
    ProofBundle good = piece.prove(id, c2.seed(), c2.count());
    assertThat(good.verify().valid()).isTrue();
    expectRevert(() -> provider.provePossession(tamperLeaf(good, 3).calldata()), "InvalidProof(3)");
    expectRevert(() -> provider.provePossession(period0), "InvalidProof");
    expectRevert(
        () -> provider.provePossession(shortenPath(good, 1).calldata()),
        "WrongPathLength(1, 11, 12)");
    ProofBundle four =
        new ProofBundle(id.longValueExact(), c2.seed(), good.pieces(), good.proofs().subList(0, 4));
    expectRevert(() -> provider.provePossession(four.calldata()), "WrongProofCount(5, 4)");
    assertThat(client.deal(id).paid()).isEqualTo(price); // none of it paid anything

    provider.provePossession(good.calldata());
    expectRevert(
        () -> provider.provePossession(good.calldata()), "PeriodAlreadyProven(" + id + ", 2)");
    assertThat(client.deal(id).paid()).isEqualTo(price.multiply(BigInteger.TWO));

    // periods 3, 4, 5 missed: the deal ends failed (4 of 6 faulted)
    // a transaction sent now lands in the next block: at the window's last block it is in time
    // so at the block before period 5's last one, periods 3 and 4 settle and period 5 not yet
    chain.mineTo(chain.windowEnd(start, 5) - 2);
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
    BigInteger slashed = slash.multiply(BigInteger.valueOf(4));
    BigInteger clientDue = price.multiply(BigInteger.valueOf(4)).add(slashed);
    BigInteger providerDue = price.multiply(BigInteger.TWO).add(collateral).subtract(slashed);
    assertThat(client.withdrawable(client.address(), token)).isEqualTo(clientDue);
    assertThat(provider.withdrawable(provider.address(), token)).isEqualTo(providerDue);
    expectRevert(() -> chain.stranger.settle(id), "WrongState");

    client.withdraw(token);
    provider.withdraw(token);
    assertThat(client.tokenBalance(client.address())).isEqualTo(clientDue);
    assertThat(provider.tokenBalance(provider.address())).isEqualTo(providerDue);
    assertThat(client.tokenBalance(chain.deployment.market())).isZero();

    ProviderInfo p = client.provider(provider.address()).orElseThrow();
    assertThat(p.periodsProven()).isEqualTo(2);
    assertThat(p.periodsFaulted()).isEqualTo(4);
    assertThat(p.dealsFailed()).isEqualTo(1);
    assertThat(p.dealsCompleted()).isZero();
  }

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
