package io.cairn.chain;

import static io.cairn.chain.DevChain.ETHER;
import static io.cairn.chain.FaultsIT.BURN;
import static io.cairn.chain.FaultsIT.expectRevert;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What changes a live deal: termination with notice by either side, a change of provider with the
 * client's consent, pieces leaving a set, and settling more periods than one call may.
 */
@Tag("chain")
class DealChangesIT {
  private static DevChain chain;
  private static DevChain.Piece piece;

  @BeforeAll
  static void start() {
    chain = new DevChain(MarketParams.dev());
    piece = DevChain.piece(41, 100_000);
  }

  @AfterAll
  static void stop() {
    if (chain != null) {
      chain.close();
    }
  }

  private static ChainClient provider(int account, String peer) {
    ChainClient p = chain.connect(account);
    p.registerProvider(DevChain.offer(peer), ETHER);
    return p;
  }

  private static BigInteger open(ChainClient provider, int periods) {
    return chain
        .client
        .openDeal(new DealTerms(piece.cid(), periods, ETHER, provider.address(), true))
        .id();
  }

  /** Proves every piece of {@code who}'s set (all of them this class's piece) for period p. */
  private static void prove(ChainClient who, long p) {
    chain.mineTo(chain.seedBlock(p));
    Challenge c = DevChain.only(who);
    Map<BigInteger, DevChain.Piece> all = new java.util.HashMap<>();
    c.pieces().forEach(sp -> all.put(sp.dealId(), piece));
    who.provePeriod(DevChain.bundle(c, all).calldata(c.header()));
  }

  @Test
  void eitherSideTerminatesWithNoticeAndOnlyTheProviderForfeitsCollateral() {
    ChainClient p = provider(4, "12D3KooWTerminated");
    BigInteger byClient = open(p, 10);
    BigInteger byProvider = open(p, 10);
    p.acceptDeal(byClient);
    p.acceptDeal(byProvider);
    long first = p.deal(byClient).firstPeriod();
    assertThat(p.deal(byProvider).firstPeriod()).isEqualTo(first);
    prove(p, first);
    BigInteger clientBefore = chain.client.withdrawable(chain.client.address(), null);
    BigInteger burnBefore = chain.client.withdrawable(BURN, null);

    expectRevert(() -> chain.stranger.terminateDeal(byClient), "NotParty(" + byClient + ")");
    // in period `first`, with a notice of one period: the deal ends after period first + 1
    chain.client.terminateDeal(byClient);
    DealInfo d = p.deal(byClient);
    assertThat(d.terminated()).isTrue();
    assertThat(d.endPeriod()).isEqualTo(first + 2);
    assertThat(d.refunded()).isEqualTo(ETHER.multiply(BigInteger.valueOf(8)));
    assertThat(d.collateral()).isEqualTo(ETHER); // 5 ether less 8/10 of it, back to the provider
    assertThat(p.withdrawable(p.address(), null)).isEqualTo(ETHER.multiply(BigInteger.valueOf(4)));
    expectRevert(() -> chain.client.terminateDeal(byClient), "NothingToTerminate");

    p.terminateDeal(byProvider);
    DealInfo e = p.deal(byProvider);
    assertThat(e.endPeriod()).isEqualTo(first + 2);
    assertThat(chain.client.withdrawable(BURN, null).subtract(burnBefore))
        .isEqualTo(ETHER.multiply(BigInteger.valueOf(4)));
    assertThat(p.withdrawable(p.address(), null)).isEqualTo(ETHER.multiply(BigInteger.valueOf(4)));
    assertThat(chain.client.withdrawable(chain.client.address(), null).subtract(clientBefore))
        .isEqualTo(ETHER.multiply(BigInteger.valueOf(16)));

    // the last period proven; both pieces leave the set when the next period's range is taken,
    // with no call to remove them
    prove(p, first + 1);
    assertThat(p.challenges()).isEmpty();
    chain.mineTo(chain.seedBlock(first + 2));
    assertThat(p.challenges()).isEmpty(); // nothing left to prove
    for (BigInteger id : List.of(byClient, byProvider)) {
      chain.stranger.settle(id);
      DealInfo done = p.deal(id);
      assertThat(done.state()).isEqualTo(DealState.ENDED);
      assertThat(done.periodsProven()).isEqualTo(2);
      assertThat(done.escrowLeft()).isZero();
    }
    // 2 ether paid per deal, the collateral left (1 ether each) returned, the stake unlocked
    assertThat(p.withdrawable(p.address(), null)).isEqualTo(ETHER.multiply(BigInteger.TEN));
    ProviderInfo info = p.provider(p.address()).orElseThrow();
    assertThat(info.dealsCompleted()).isEqualTo(2);
    assertThat(info.stake()).isEqualTo(ETHER);
    p.retireProvider();
    p.withdrawStake();
    p.close();
  }

  @Test
  void aDealChangesProviderWithTheClientsConsent() {
    ChainClient a = provider(5, "12D3KooWOldProvider");
    ChainClient b = provider(6, "12D3KooWNewProvider");
    BigInteger id = open(a, 6);
    a.acceptDeal(id);
    long first = a.deal(id).firstPeriod();
    prove(a, first);

    expectRevert(() -> chain.client.proposeProvider(id, b.address()), "NotProvider");
    expectRevert(() -> b.takeOverDeal(id), "NoConsent");
    a.proposeProvider(id, b.address());
    expectRevert(() -> b.takeOverDeal(id), "NoConsent");
    expectRevert(() -> b.consentProvider(id, b.address()), "NotClient");
    // the client saw x proposed; the provider proposes b before the client's consent is mined:
    // the consent names x and is refused, it does not go to b
    String x = chain.stranger.address();
    a.proposeProvider(id, x);
    a.proposeProvider(id, b.address());
    expectRevert(
        () -> chain.client.consentProvider(id, x),
        "WrongProvider(" + id + ", " + b.address() + ", " + x + ")");
    expectRevert(() -> b.takeOverDeal(id), "NoConsent");
    // a consent withdrawn before it is used
    chain.client.consentProvider(id, b.address());
    chain.client.revokeConsent(id);
    expectRevert(() -> b.takeOverDeal(id), "NoConsent");
    expectRevert(() -> chain.client.revokeConsent(id), "NoConsent");
    chain.client.consentProvider(id, b.address());
    expectRevert(() -> chain.stranger.takeOverDeal(id), "NoConsent");
    b.takeOverDeal(id);
    DealInfo d = b.deal(id);
    assertThat(d.provider()).isEqualTo(b.address());
    String client = chain.client.address();
    assertThat(d.setId())
        .isEqualTo(b.setOf(b.address(), client))
        .isNotEqualTo(a.setOf(a.address(), client));
    // collateral for the 5 periods after this one; the old provider's is held until its periods
    // are settled
    BigInteger collateralB = ETHER.multiply(BigInteger.valueOf(5)).divide(BigInteger.TWO);
    assertThat(d.collateral()).isEqualTo(collateralB);
    // the new provider serves it from the next period on; the piece leaves the old provider's
    // set when that period's range is taken, so the old provider has nothing left to prove
    prove(b, first + 1);
    assertThat(a.challenges()).isEmpty();
    chain.mineTo(chain.seedBlock(first + 2));
    assertThat(a.challenges()).isEmpty();

    for (long k = first + 2; k < first + 6; k++) {
      prove(b, k);
    }
    chain.stranger.settle(id);
    DealInfo done = b.deal(id);
    assertThat(done.state()).isEqualTo(DealState.ENDED);
    assertThat(done.periodsProven()).isEqualTo(6);
    // a: its period and its 3 ether of collateral; b: five periods and its collateral
    assertThat(a.withdrawable(a.address(), null)).isEqualTo(ETHER.multiply(BigInteger.valueOf(4)));
    assertThat(b.withdrawable(b.address(), null))
        .isEqualTo(ETHER.multiply(BigInteger.valueOf(5)).add(collateralB));
    assertThat(a.provider(a.address()).orElseThrow().dealsCompleted()).isEqualTo(1);
    assertThat(b.provider(b.address()).orElseThrow().dealsCompleted()).isEqualTo(1);
    a.close();
    b.close();
  }

  @Test
  void aDealReturnsToItsFirstProviderWhoseSetLetItsPieceGo() {
    ChainClient a = provider(8, "12D3KooWFirst");
    ChainClient b = provider(9, "12D3KooWSecond");
    BigInteger id = open(a, 8);
    a.acceptDeal(id);
    long first = a.deal(id).firstPeriod();
    prove(a, first);
    a.proposeProvider(id, b.address());
    chain.client.consentProvider(id, b.address());
    b.takeOverDeal(id);
    prove(b, first + 1);
    chain.stranger.settle(id); // past the change: a's collateral and stake are back
    assertThat(b.deal(id).periodsSettled()).isEqualTo(2);

    // back to a, whose set held the piece up to the first change: taking this period's range
    // of a's set (untouched since) takes it out, and the piece joins the set again
    b.proposeProvider(id, a.address());
    chain.client.consentProvider(id, a.address());
    a.takeOverDeal(id);
    DealInfo d = a.deal(id);
    assertThat(d.provider()).isEqualTo(a.address());
    // b served up to the change (this period), a serves from the next one on, in its own set
    // again; the piece leaves b's set from then on
    for (long k = first + 2; k < first + 8; k++) {
      prove(a, k);
      if (k == first + 2) {
        assertThat(b.challenges()).isEmpty();
      }
    }
    chain.stranger.settle(id);
    DealInfo done = a.deal(id);
    assertThat(done.state()).isEqualTo(DealState.ENDED);
    assertThat(done.periodsProven()).isEqualTo(8);
    assertThat(done.periodsFaulted()).isZero();
    a.close();
    b.close();
  }

  @Test
  void sixHundredOverduePeriodsSettleInTwoCalls() {
    // a market of 4-block periods, so that 600 of them pass in 2,400 blocks
    MarketParams fast = new MarketParams(4, 1, 5, 50, 50, 0, 50, 2, chain.params.stakePerDeal(), 1);
    Deployment d =
        ChainClient.deploy(chain.rpc(), ChainAccount.fromPrivateKey(chain.keys.get(0)), fast);
    try (ChainClient p = connect(d, 7);
        ChainClient client = connect(d, 2)) {
      p.registerProvider(DevChain.offer("12D3KooWAbsent"), ETHER);
      BigInteger id =
          client.openDeal(new DealTerms(piece.cid(), 600, ETHER, p.address(), true)).id();
      p.acceptDeal(id);
      long end = fast.windowEnd(p.marketGenesis(), p.deal(id).endPeriod() - 1);
      while (p.blockNumber() < end) {
        chain.anvil.mine((int) Math.min(500, end - p.blockNumber()));
      }
      TxResult first = client.settle(id);
      assertThat(p.deal(id).periodsSettled()).isEqualTo(500);
      assertThat(p.deal(id).state()).isEqualTo(DealState.ACTIVE);
      client.settle(id);
      DealInfo done = p.deal(id);
      assertThat(done.state()).isEqualTo(DealState.ENDED);
      assertThat(done.periodsFaulted()).isEqualTo(600);
      expectRevert(() -> client.settle(id), "WrongState");
      System.out.printf("settle of 500 faulted periods: %d gas%n", first.gasUsed());
    }
  }

  private static ChainClient connect(Deployment d, int account) {
    return ChainClient.connect(
        new ChainOptions(chain.rpc(), d, 1, java.time.Duration.ofMillis(20)),
        ChainAccount.fromPrivateKey(chain.keys.get(account)));
  }
}
