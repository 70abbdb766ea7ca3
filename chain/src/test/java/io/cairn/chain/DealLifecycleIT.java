package io.cairn.chain;

import static io.cairn.chain.DevChain.ETHER;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Register, open, accept, prove every period with real proofs, withdraw: on a real Anvil chain. */
@Tag("chain")
class DealLifecycleIT {
  private static DevChain chain;
  private static DevChain.Piece piece;

  @BeforeAll
  static void start() {
    chain = new DevChain(MarketParams.dev());
    chain.registerProvider();
    // 100,000 bytes: a tree of height 12 whose last 946 leaves are padding only, so challenges
    // range over the 3,150 data leaves as the proofs module counts them
    piece = DevChain.piece(7, 100_000);
  }

  @AfterAll
  static void stop() {
    if (chain != null) {
      chain.close();
    }
  }

  @Test
  void registersProviderWithOfferAndStake() {
    ProviderInfo p = chain.client.provider(chain.provider.address()).orElseThrow();
    assertThat(p.offer()).isEqualTo(DevChain.offer("12D3KooWProviderPeer"));
    assertThat(p.stake()).isEqualTo(ETHER);
    assertThat(p.active()).isTrue();
    assertThat(chain.client.providers())
        .extracting(ProviderInfo::address)
        .contains(chain.provider.address());
    assertThat(chain.client.provider(chain.stranger.address())).isEmpty();
  }

  @Test
  void tokenDealPaysProviderForTenProvenPeriods() throws Exception {
    ChainClient client = chain.client;
    ChainClient provider = chain.provider;
    String market = chain.deployment.market();
    BigInteger price = ETHER;
    BigInteger total = price.multiply(BigInteger.TEN);
    BigInteger collateral = total.divide(BigInteger.TWO); // collateralPercent 50
    client.mintTestToken(client.address(), total);
    provider.mintTestToken(provider.address(), collateral);
    BigInteger marketBefore = client.tokenBalance(market);
    List<ChainEvent> events = new CopyOnWriteArrayList<>();
    long from = client.blockNumber() + 1;

    AutoCloseable follow = client.follow(from, events::add);
    try {
      DealInfo opened =
          client.openDeal(new DealTerms(piece.cid(), 10, price, provider.address(), false));
      BigInteger id = opened.id();
      assertThat(opened.state()).isEqualTo(DealState.OPEN);
      assertThat(opened.client()).isEqualTo(client.address());
      assertThat(opened.pieceCidV2()).isEqualTo(piece.cid());
      assertThat(opened.leafCount()).isEqualTo(piece.tree().piece().dataLeaves()).isEqualTo(3150);
      assertThat(opened.token()).isEqualTo(chain.deployment.token());
      assertThat(client.tokenBalance(client.address())).isZero();
      assertThat(client.tokenBalance(market)).isEqualTo(marketBefore.add(total));

      provider.acceptDeal(id);
      DealInfo active = provider.deal(id);
      assertThat(active.state()).isEqualTo(DealState.ACTIVE);
      assertThat(active.collateral()).isEqualTo(collateral);
      assertThat(provider.tokenBalance(provider.address())).isZero();
      assertThat(client.tokenBalance(market)).isEqualTo(marketBefore.add(total).add(collateral));
      // challenged from the period after acceptance on: nothing to prove in this one
      assertThat(active.firstPeriod()).isEqualTo(chain.nextPeriod() + 1);
      assertThat(active.endPeriod()).isEqualTo(active.firstPeriod() + 10);
      assertThat(active.escrowLeft()).isEqualTo(total);
      assertThat(provider.challenges()).isEmpty();

      for (int k = 0; k < 10; k++) {
        chain.proveNext(id, piece, k);
        assertThat(provider.challenges()).isEmpty(); // proven: nothing open until the next seed
        if (k == 4) {
          // the deal is paid when settled, from the set's proven periods
          client.settle(id);
          DealInfo d = provider.deal(id);
          assertThat(d.periodsProven()).isEqualTo(5);
          assertThat(d.paid()).isEqualTo(price.multiply(BigInteger.valueOf(5)));
          assertThat(d.escrowLeft()).isEqualTo(price.multiply(BigInteger.valueOf(5)));
        }
      }
      client.settle(id);

      DealInfo ended = provider.deal(id);
      assertThat(ended.state()).isEqualTo(DealState.ENDED);
      assertThat(ended.periodsSettled()).isEqualTo(10);
      assertThat(ended.periodsFaulted()).isZero();
      assertThat(ended.refunded()).isZero();
      assertThat(ended.collateral()).isZero();
      assertThat(provider.withdrawable(provider.address(), chain.deployment.token()))
          .isEqualTo(total.add(collateral));
      assertThat(client.withdrawable(client.address(), chain.deployment.token())).isZero();

      provider.withdraw(chain.deployment.token());
      assertThat(provider.tokenBalance(provider.address())).isEqualTo(total.add(collateral));
      assertThat(client.tokenBalance(market)).isEqualTo(marketBefore);
      assertThat(provider.withdrawable(provider.address(), chain.deployment.token())).isZero();

      ProviderInfo p = client.provider(provider.address()).orElseThrow();
      assertThat(p.periodsProven()).isGreaterThanOrEqualTo(10);
      assertThat(p.dealsCompleted()).isGreaterThanOrEqualTo(1);
      assertThat(p.periodsFaulted()).isZero();

      long last = provider.blockNumber();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (events.stream().noneMatch(e -> e.name().equals("Withdrawn") && e.block() == last)
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      List<ChainEvent> mine = events.stream().filter(e -> id.equals(e.dealId())).toList();
      assertThat(mine)
          .extracting(ChainEvent::name)
          .containsExactly(
              "DealOpened",
              "PieceAdded",
              "DealAccepted",
              "PeriodsSettled",
              "PeriodsSettled",
              "DealEnded");
      assertThat(mine.get(0).fields())
          .containsEntry("pieceCid", piece.cid())
          .containsEntry("client", client.address());
      assertThat(mine)
          .filteredOn(e -> e.name().equals("PeriodsSettled"))
          .extracting(e -> e.fields().get("proven"))
          .containsExactly(BigInteger.valueOf(5), BigInteger.valueOf(5));
      // one proof of the provider's set per period
      assertThat(events)
          .filteredOn(e -> e.name().equals("SetProven"))
          .extracting(e -> e.fields().get("period"))
          .containsSubsequence(
              BigInteger.valueOf(ended.firstPeriod()), BigInteger.valueOf(ended.endPeriod() - 1));
      assertThat(events)
          .filteredOn(e -> e.name().equals("Withdrawn"))
          .last()
          .satisfies(e -> assertThat(e.fields()).containsEntry("amount", total.add(collateral)));
    } finally {
      follow.close();
    }
  }

  @Test
  void nativeDealEscrowsAndPaysInNativeCurrency() {
    ChainClient client = chain.client;
    ChainClient provider = chain.provider;
    String market = chain.deployment.market();
    BigInteger price = ETHER.divide(BigInteger.TEN);
    BigInteger total = price.multiply(BigInteger.valueOf(3));
    BigInteger collateral = total.divide(BigInteger.TWO);
    BigInteger marketBefore = client.nativeBalance(market);

    DealInfo d = client.openDeal(new DealTerms(piece.cid(), 3, price, provider.address(), true));
    assertThat(d.nativeCurrency()).isTrue();
    assertThat(client.nativeBalance(market)).isEqualTo(marketBefore.add(total));
    provider.acceptDeal(d.id());
    assertThat(client.nativeBalance(market)).isEqualTo(marketBefore.add(total).add(collateral));
    for (int k = 0; k < 3; k++) {
      chain.proveNext(d.id(), piece, k);
    }
    chain.stranger.settle(d.id());
    assertThat(provider.deal(d.id()).state()).isEqualTo(DealState.ENDED);
    assertThat(provider.withdrawable(provider.address(), null)).isEqualTo(total.add(collateral));

    BigInteger before = provider.nativeBalance(provider.address());
    TxResult w = provider.withdraw(null);
    BigInteger gain = provider.nativeBalance(provider.address()).subtract(before);
    BigInteger maxFee =
        BigInteger.valueOf(w.gasUsed()).multiply(BigInteger.valueOf(10_000_000_000L));
    assertThat(gain)
        .isLessThanOrEqualTo(total.add(collateral))
        .isGreaterThan(total.add(collateral).subtract(maxFee));
    assertThat(client.nativeBalance(market)).isEqualTo(marketBefore);
  }

  @Test
  void followDeliversEventsOnlyOnceConfirmedAndOnlyOnce() throws Exception {
    try (ChainClient watcher =
        ChainClient.connect(
            new ChainOptions(chain.rpc(), chain.deployment, 3, java.time.Duration.ofMillis(10)),
            ChainAccount.fromPrivateKey(chain.keys.get(3)))) {
      List<ChainEvent> events = new CopyOnWriteArrayList<>();
      long from = watcher.blockNumber() + 1;
      AutoCloseable follow = watcher.follow(from, events::add);
      try {
        BigInteger id =
            chain
                .client
                .openDeal(new DealTerms(piece.cid(), 1, ETHER, chain.provider.address(), true))
                .id();
        Thread.sleep(300);
        assertThat(events).isEmpty(); // mined, but not yet 3 blocks deep
        chain.anvil.mine(2);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (events.isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        chain.anvil.mine(5);
        Thread.sleep(300);
        assertThat(events).hasSize(1);
        ChainEvent e = events.get(0);
        assertThat(e.name()).isEqualTo("DealOpened");
        assertThat(e.dealId()).isEqualTo(id);
        assertThat(e.fields())
            .containsEntry("provider", chain.provider.address())
            .containsEntry("periods", BigInteger.ONE)
            .containsEntry("pricePerPeriod", ETHER)
            .containsEntry("token", Addresses.ZERO);
        chain.client.cancelDeal(id);
      } finally {
        follow.close();
      }
    }
  }
}
