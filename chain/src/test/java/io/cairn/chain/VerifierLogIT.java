package io.cairn.chain;

import static io.cairn.chain.ComputeFixture.OUTPUT;
import static io.cairn.chain.ComputeFixture.WRONG;
import static io.cairn.chain.DevChain.ETHER;
import static io.cairn.chain.FaultsIT.expectRevert;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.VerifierLog.Entry;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * The registry's verifier log under churn: accounts that join the draws and leave them again, fresh
 * ones each time, do not fill it with closed entries, since a new verifier takes the slot of an
 * entry closed long enough ago that no dispute can still be drawn over it; and that reuse changes
 * no draw a dispute already raised will make.
 */
@Tag("chain")
class VerifierLogIT {
  private static final long EXIT_BLOCKS = VerifierLog.EXIT_BLOCKS;

  private static DevChain chain;

  @BeforeAll
  static void start() {
    chain = new DevChain(MarketParams.dev());
  }

  @AfterAll
  static void stop() {
    if (chain != null) {
      chain.close();
    }
  }

  /**
   * The churn attack: one stake of {@code minStake} moved through fresh accounts, each joining the
   * draws, leaving, waiting out {@code VERIFIER_EXIT_BLOCKS}, withdrawing and handing the stake to
   * the next. Each account's entry is closed for good, so on a log that never reuses a slot the
   * share of open entries falls with every round until draws cannot fill their seats. Each closed
   * slot is taken again by the next account: the log holds the open verifiers and at most one entry
   * per stake that left the draws within the last {@code VERIFIER_EXIT_BLOCKS}.
   */
  @Test
  void churningOneStakeThroughFreshAccountsDoesNotDiluteTheLog() {
    try (ComputeFixture g = new ComputeFixture(chain, ComputeMarketParams.dev(), 3)) {
      BigInteger minStake = g.registryView("minStake");
      ChainClient bank = g.connect(7);
      ChainClient attacker = fresh(g, bank, minStake);
      int rounds = 6;
      for (int round = 0; round < rounds; round++) {
        attacker.registerProvider(DevChain.offer("12D3KooWChurn" + round), minStake);
        attacker.compute().setComputeOffer(ComputeFixture.offer(true));
        attacker.compute().setComputeOffer(ComputeFixture.offer(false));
        long left = attacker.retireProvider().block();
        g.mineTo(left + EXIT_BLOCKS);
        attacker.withdrawStake();
        ChainClient next = fresh(g, bank, BigInteger.ZERO);
        attacker.sendNative(next.address(), minStake);
        attacker = next;
        // the open verifiers and the attacker's one stake: never more, however many rounds
        assertThat(g.registryView("verifierCount")).isEqualTo(BigInteger.valueOf(3));
        assertThat(g.registryView("verifierLogLength")).isLessThanOrEqualTo(BigInteger.valueOf(4));
      }
      // a draw over the log still finds its verifier
      BigInteger id = g.submitted(1, WRONG);
      List<JobVerifier> drawn = g.disputeAndDraw(id, g.client);
      assertThat(drawn).hasSize(1);
      assertThat(g.verifierChains.stream().map(ChainClient::address))
          .contains(drawn.get(0).address());
      g.assertSolvent();
    }
  }

  /**
   * Slots closed long ago are taken by accounts joining after a dispute was raised: those accounts
   * get no seat in that dispute, and the dispute draws exactly the verifiers its seed gives over
   * the log as it stood when it was raised, as if no slot had been taken.
   */
  @Test
  void aSlotTakenAfterADisputeChangesNothingInItsDraw() {
    try (ComputeFixture g = new ComputeFixture(chain, ComputeMarketParams.dev(), 2)) {
      ChainClient bank = g.connect(8);
      List<ChainClient> gone = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ChainClient c = fresh(g, bank, ETHER);
        c.registerProvider(DevChain.offer("12D3KooWGone" + i), ETHER);
        c.compute().setComputeOffer(ComputeFixture.offer(true));
        gone.add(c);
      }
      long lastLeft = 0;
      for (ChainClient c : gone) {
        lastLeft = c.retireProvider().block();
      }
      g.mineTo(lastLeft + EXIT_BLOCKS);
      BigInteger id = g.submitted(3, OUTPUT);
      g.client.dispute(id);
      long disputeBlock = g.client.job(id).drawBlock() - g.params.lookahead();
      List<Entry> atDispute = log(g);
      assertThat(atDispute).hasSize(6);

      // after the dispute, four new verifiers take the four closed slots
      List<String> joiners = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ChainClient c = fresh(g, bank, ETHER);
        c.registerProvider(DevChain.offer("12D3KooWJoiner" + i), ETHER);
        c.compute().setComputeOffer(ComputeFixture.offer(true));
        joiners.add(c.address());
      }
      List<Entry> after = log(g);
      assertThat(after).hasSize(6);
      assertThat(after.stream().map(Entry::account)).containsAll(joiners);

      g.mineTo(g.client.job(id).drawBlock());
      String mixHash = mixHash(g.client.job(id).drawBlock());
      g.stranger.drawVerifiers(id);
      List<String> drawn = g.client.verifiers(id).stream().map(JobVerifier::address).toList();
      assertThat(drawn).doesNotContainAnyElementsOf(joiners);
      assertThat(drawn).isEqualTo(expectedDraw(g, id, mixHash, atDispute, disputeBlock));
      g.assertSolvent();
    }
  }

  /**
   * A verifier that takes a closed slot in the very block a dispute is raised, whichever of the two
   * transactions comes first, is not in the draws at that dispute: with it the only verifier, the
   * draw finds nobody and the dispute ends without a decision.
   */
  @Test
  void aSlotTakenInTheDisputeBlockGivesNoSeatInThatDispute() throws Exception {
    try (ComputeFixture g = new ComputeFixture(chain, ComputeMarketParams.dev(), 0)) {
      ChainClient bank = g.connect(8);
      ChainClient old = fresh(g, bank, ETHER);
      old.registerProvider(DevChain.offer("12D3KooWOld"), ETHER);
      old.compute().setComputeOffer(ComputeFixture.offer(true));
      long left = old.retireProvider().block();
      g.mineTo(left + EXIT_BLOCKS);
      ChainClient joiner = fresh(g, bank, ETHER);
      joiner.registerProvider(DevChain.offer("12D3KooWSameBlock"), ETHER);
      BigInteger id = g.submitted(1, WRONG);
      ComputeFixture.Owed before = g.owed();

      DevRpc rpc = new DevRpc(chain.rpc());
      rpc.call("evm_setAutomine", false);
      CompletableFuture<TxResult> dispute;
      CompletableFuture<TxResult> join;
      ExecutorService senders = Executors.newFixedThreadPool(2);
      try {
        dispute = CompletableFuture.supplyAsync(() -> g.client.dispute(id), senders);
        join =
            CompletableFuture.supplyAsync(
                () -> joiner.compute().setComputeOffer(ComputeFixture.offer(true)), senders);
        awaitPending(rpc, 2, dispute, join);
        rpc.call("evm_mine");
      } finally {
        rpc.call("evm_setAutomine", true);
        senders.shutdown();
      }
      assertThat(dispute.get().block()).isEqualTo(join.get().block());
      List<Entry> log = log(g);
      assertThat(log).hasSize(1);
      assertThat(log.get(0).account()).isEqualTo(joiner.address());

      g.mineTo(g.client.job(id).drawBlock());
      g.stranger.drawVerifiers(id);
      g.assertUndecided(id, before);
      g.assertSolvent();
    }
  }

  /**
   * A dispute is drawn within {@code VERIFIER_EXIT_BLOCKS} of being raised or not at all. In the
   * window's last block the draw is made over both verifiers, one of which retired after the
   * dispute and cannot have withdrawn its stake yet. After it, the retired verifier's slot may be
   * taken by another account: a draw then would skip that slot and seat the other verifier alone, a
   * draw the log at the dispute did not give, so the dispute ends with no decision instead.
   */
  @Test
  void aDisputeIsDrawnWithinTheExitWindowOrEndsWithoutDecision() {
    try (ComputeFixture g = new ComputeFixture(chain, ComputeMarketParams.dev(), 2)) {
      BigInteger id = g.submitted(1, WRONG);
      ComputeFixture.Owed before = g.owed();
      g.client.dispute(id);
      long disputeBlock = g.client.job(id).drawBlock() - g.params.lookahead();
      ChainClient leaver = g.verifierChains.get(0);
      List<String> both = g.verifierChains.stream().map(ChainClient::address).toList();
      leaver.retireProvider();
      DevRpc rpc = new DevRpc(chain.rpc());
      g.mineTo(disputeBlock + EXIT_BLOCKS - 1);
      Object lastBlock = rpc.call("evm_snapshot");
      expectRevert(leaver::withdrawStake, "VerifierExitPending");
      g.stranger.drawVerifiers(id);
      assertThat(g.client.job(id).state()).isEqualTo(MarketJobState.DRAWN);
      List<JobVerifier> drawn = g.client.verifiers(id);
      assertThat(drawn).hasSize(1);
      assertThat(both).contains(drawn.get(0).address());
      assertThat(drawn.get(0).staked()).isTrue();
      assertThat(g.lockedStake(drawn.get(0).address())).isEqualTo(g.params.stakePerVerifier());
      assertThat(rpc.revert(lastBlock)).isTrue();

      g.mineTo(disputeBlock + 1 + EXIT_BLOCKS);
      ChainClient joiner = fresh(g, g.connect(8), ETHER);
      joiner.registerProvider(DevChain.offer("12D3KooWAfterTheWindow"), ETHER);
      joiner.compute().setComputeOffer(ComputeFixture.offer(true));
      List<Entry> log = log(g);
      assertThat(log).hasSize(2);
      assertThat(log.get(0).account()).isEqualTo(joiner.address());
      g.stranger.drawVerifiers(id);
      g.assertUndecided(id, before);
      assertThat(g.client.verifiers(id)).isEmpty();
      g.assertSolvent();
    }
  }

  private static void awaitPending(DevRpc rpc, int count, CompletableFuture<?>... sends)
      throws InterruptedException {
    Object status = null;
    for (int i = 0; i < 500; i++) {
      for (CompletableFuture<?> s : sends) {
        if (s.isDone()) {
          s.join(); // a send that failed fails the test with its cause
        }
      }
      status = rpc.call("txpool_status");
      Object pending = ((Map<?, ?>) status).get("pending");
      if (Numeric.toBigInt(String.valueOf(pending)).intValue() >= count) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("transactions never reached the pool: " + status);
  }

  /** A new account funded by {@code bank} with {@code stake} and ether for gas. */
  private static ChainClient fresh(ComputeFixture g, ChainClient bank, BigInteger stake) {
    try {
      String key =
          Numeric.toHexStringWithPrefixZeroPadded(Keys.createEcKeyPair().getPrivateKey(), 64);
      ChainClient c =
          ChainClient.connect(
              new ChainOptions(chain.rpc(), g.deployment, 1, Duration.ofMillis(20)),
              ChainAccount.fromPrivateKey(key));
      g.all.add(c);
      bank.sendNative(c.address(), stake.add(ETHER));
      return c;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Entry> log(ComputeFixture g) {
    return VerifierLog.read((Web3ChainClient) g.providerChain, g.deployment.registry());
  }

  private static List<String> expectedDraw(
      ComputeFixture g, BigInteger id, String mixHash, List<Entry> log, long disputeBlock) {
    return VerifierLog.expectedDraw(g.client.job(id), Numeric.toBigInt(mixHash), log, disputeBlock);
  }

  private static String mixHash(long block) {
    return VerifierLog.mixHash(new DevRpc(chain.rpc()), block);
  }
}
