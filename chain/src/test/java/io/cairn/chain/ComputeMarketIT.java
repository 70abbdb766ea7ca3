package io.cairn.chain;

import static io.cairn.chain.ComputeFixture.FUEL;
import static io.cairn.chain.ComputeFixture.OUTPUT;
import static io.cairn.chain.ComputeFixture.PRICE;
import static io.cairn.chain.ComputeFixture.RECEIPT;
import static io.cairn.chain.ComputeFixture.WRONG;
import static io.cairn.chain.FaultsIT.expectRevert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The compute market's lifecycle on a real Anvil: post, claim, result, payment after the window, in
 * native currency and in the token; expiry, cancellation; disputes the challenger wins, loses and
 * ties, verifiers that do not reveal, no verifier to draw; CUDA acceptance and rejection. The
 * market's balances are checked against what it owes after every step.
 */
@Tag("chain")
class ComputeMarketIT {
  private static final String BURN = "0x000000000000000000000000000000000000dead";

  private static DevChain chain;
  private static ComputeFixture f;

  @BeforeAll
  static void start() {
    f = ComputeFixture.onFreshChain(5);
    chain = f.chain;
  }

  @AfterAll
  static void stop() {
    if (f != null) {
      f.close();
    }
  }

  private static String provider() {
    return f.providerChain.address();
  }

  private static String client() {
    return f.chainOf(f.client).address();
  }

  private static byte[] salt(int i) {
    byte[] s = new byte[32];
    s[0] = (byte) (i + 1);
    s[31] = 7;
    return s;
  }

  /** Each drawn verifier commits and reveals: {@code outputs[i]} for the i-th drawn, null skips. */
  private static void verify(BigInteger id, byte[][] outputs, boolean reveal) {
    List<JobVerifier> vs = f.client.verifiers(id);
    for (int i = 0; i < vs.size(); i++) {
      if (outputs[i] != null) {
        f.verifier(vs.get(i).address()).commitResult(id, outputs[i], FUEL, salt(i));
      }
    }
    if (!reveal) {
      return;
    }
    for (int i = 0; i < vs.size(); i++) {
      if (outputs[i] != null) {
        f.verifier(vs.get(i).address()).revealResult(id, outputs[i], FUEL, salt(i));
      }
    }
  }

  @Test
  void nativeJobPaysTheProviderOnceTheWindowCloses() throws Exception {
    List<ChainEvent> events = new CopyOnWriteArrayList<>();
    long from = f.providerChain.blockNumber() + 1;
    AutoCloseable follow = f.providerChain.follow(from, events::add);
    try {
      Reputation before = f.provider.reputation(provider(), null);
      BigInteger lockedBefore = f.lockedStake(provider());
      MarketJob j = f.post(ComputeFixture.wasm(1, null));
      assertThat(j.state()).isEqualTo(MarketJobState.POSTED);
      assertThat(j.client()).isEqualTo(client());
      assertThat(j.price()).isEqualTo(PRICE);
      assertThat(j.specCid()).isEqualTo(ComputeFixture.SPEC);
      assertThat(j.deadlineBlock()).isEqualTo(j.postedBlock() + 20);
      assertThat(j.nativeCurrency()).isTrue();
      assertThat(f.client.jobCount()).isGreaterThanOrEqualTo(j.id().longValueExact());
      f.assertSolvent();

      f.provider.claim(j.id());
      MarketJob claimed = f.client.job(j.id());
      assertThat(claimed.state()).isEqualTo(MarketJobState.CLAIMED);
      assertThat(claimed.provider()).isEqualTo(provider());
      assertThat(claimed.collateral()).isEqualTo(f.collateral());
      assertThat(f.lockedStake(provider())).isEqualTo(lockedBefore.add(f.params.stakePerJob()));
      f.assertSolvent();

      f.provider.submitResult(j.id(), OUTPUT, FUEL, RECEIPT);
      MarketJob done = f.client.job(j.id());
      assertThat(done.state()).isEqualTo(MarketJobState.SUBMITTED);
      assertThat(done.outputCid()).isEqualTo(OUTPUT);
      assertThat(done.fuelUsed()).isEqualTo(FUEL);
      assertThat(done.receiptHash()).isEqualTo(RECEIPT);
      expectRevert(() -> f.stranger.finalizeJob(j.id()), "ChallengeWindowOpen");
      // mined in the window's last block: still open
      f.mineTo(done.challengeEnd() - 1);
      expectRevert(() -> f.stranger.finalizeJob(j.id()), "ChallengeWindowOpen");
      f.mineTo(done.challengeEnd());

      BigInteger owed = f.provider.withdrawable(provider(), null);
      f.stranger.finalizeJob(j.id());
      assertThat(f.client.job(j.id()).state()).isEqualTo(MarketJobState.PAID);
      assertThat(f.provider.withdrawable(provider(), null))
          .isEqualTo(owed.add(PRICE).add(f.collateral()));
      assertThat(f.lockedStake(provider())).isEqualTo(lockedBefore);
      Reputation after = f.provider.reputation(provider(), null);
      assertThat(after.earned()).isEqualTo(before.earned().add(PRICE));
      assertThat(after.jobsCompleted()).isEqualTo(before.jobsCompleted() + 1);
      f.assertSolvent();
      f.provider.withdraw(null);
      assertThat(f.provider.withdrawable(provider(), null)).isZero();
      f.assertSolvent();

      long last = f.providerChain.blockNumber();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (events.stream().noneMatch(e -> e.name().equals("JobPaid"))
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(last).isGreaterThan(from);
      List<String> mine =
          events.stream()
              .filter(e -> j.id().equals(e.fields().get("jobId")))
              .map(ChainEvent::name)
              .toList();
      assertThat(mine).containsExactly("JobPosted", "JobClaimed", "ResultSubmitted", "JobPaid");
    } finally {
      follow.close();
    }
  }

  @Test
  void tokenJobPaysTheProviderInTheToken() {
    String token = f.deployment.token();
    ChainClient clientChain = f.chainOf(f.client);
    clientChain.mintTestToken(client(), PRICE);
    f.providerChain.mintTestToken(provider(), f.collateral());
    BigInteger providerTokens = f.providerChain.tokenBalance(provider());
    MarketJob j = f.post(ComputeFixture.wasm(1, token));
    assertThat(j.token()).isEqualTo(token);
    f.assertSolvent();
    f.provider.claim(j.id());
    assertThat(f.providerChain.tokenBalance(provider()))
        .isEqualTo(providerTokens.subtract(f.collateral()));
    f.provider.submitResult(j.id(), OUTPUT, FUEL, RECEIPT);
    f.assertSolvent();
    f.mineTo(f.client.job(j.id()).challengeEnd() + 1);
    f.client.finalizeJob(j.id());
    assertThat(f.provider.withdrawable(provider(), token)).isEqualTo(PRICE.add(f.collateral()));
    f.assertSolvent();
    f.provider.withdraw(token);
    assertThat(f.providerChain.tokenBalance(provider())).isEqualTo(providerTokens.add(PRICE));
    assertThat(f.provider.reputation(provider(), token).earned()).isEqualTo(PRICE);
    f.assertSolvent();
  }

  @Test
  void missedDeadlineRefundsTheClientBurnsPartOfTheCollateralAndSlashes() {
    MarketJob j = f.post(ComputeFixture.wasm(1, null));
    f.provider.claim(j.id());
    expectRevert(() -> f.stranger.expire(j.id()), "DeadlineNotPassed");
    BigInteger stake = f.stakeOf(provider());
    Reputation before = f.provider.reputation(provider(), null);
    BigInteger clientOwed = f.client.withdrawable(client(), null);
    BigInteger providerOwed = f.client.withdrawable(provider(), null);
    BigInteger burnt = f.client.withdrawable(BURN, null);
    // mined in the deadline block: not yet expired
    f.mineTo(j.deadlineBlock() - 1);
    expectRevert(() -> f.stranger.expire(j.id()), "DeadlineNotPassed");
    f.mineTo(j.deadlineBlock());
    expectRevert(() -> f.provider.submitResult(j.id(), OUTPUT, FUEL, RECEIPT), "DeadlinePassed");
    f.stranger.expire(j.id());

    BigInteger slashed =
        f.collateral()
            .multiply(BigInteger.valueOf(f.params.slashPercent()))
            .divide(BigInteger.valueOf(100));
    assertThat(f.client.job(j.id()).state()).isEqualTo(MarketJobState.EXPIRED);
    assertThat(f.client.withdrawable(client(), null)).isEqualTo(clientOwed.add(PRICE));
    assertThat(f.client.withdrawable(BURN, null)).isEqualTo(burnt.add(slashed));
    assertThat(f.client.withdrawable(provider(), null))
        .isEqualTo(providerOwed.add(f.collateral().subtract(slashed)));
    assertThat(f.stakeOf(provider())).isEqualTo(stake.subtract(f.params.stakePerJob()));
    Reputation after = f.provider.reputation(provider(), null);
    assertThat(after.lost()).isEqualTo(before.lost().add(PRICE));
    assertThat(after.jobsFailed()).isEqualTo(before.jobsFailed() + 1);
    expectRevert(() -> f.stranger.expire(j.id()), "WrongState");
    f.assertSolvent();
  }

  @Test
  void clientCancelsAnUnclaimedJob() {
    MarketJob j = f.post(ComputeFixture.wasm(1, null));
    expectRevert(() -> f.stranger.cancel(j.id()), "NotClient");
    BigInteger owed = f.client.withdrawable(client(), null);
    f.client.cancel(j.id());
    assertThat(f.client.job(j.id()).state()).isEqualTo(MarketJobState.CANCELLED);
    assertThat(f.client.withdrawable(client(), null)).isEqualTo(owed.add(PRICE));
    expectRevert(() -> f.provider.claim(j.id()), "WrongState");
    expectRevert(() -> f.client.cancel(j.id()), "WrongState");
    f.assertSolvent();
    f.client.withdraw(null);
    f.assertSolvent();
  }

  @Test
  void disputeAgainstAWrongOutputRefundsTheClientAndSlashesTheProvider() {
    BigInteger id = f.submitted(3, WRONG);
    BigInteger stake = f.stakeOf(provider());
    BigInteger clientOwed = f.client.withdrawable(client(), null);
    f.client.dispute(id);
    MarketJob d = f.client.job(id);
    assertThat(d.state()).isEqualTo(MarketJobState.DISPUTED);
    assertThat(d.challenger()).isEqualTo(client());
    assertThat(d.bond()).isEqualTo(f.collateral());
    assertThat(d.drawBlock()).isEqualTo(f.providerChain.blockNumber() + f.params.lookahead());
    f.assertSolvent();
    assertThatThrownBy(() -> f.stranger.drawVerifiers(id))
        .isInstanceOf(ChainException.class)
        .hasMessageContaining("does not exist yet");
    Transactor raw = chain.transactor(3);
    String market = f.deployment.computeMarket();
    expectRevert(
        () ->
            raw.send(
                market,
                Calls.encode(ComputeCalls.drawVerifiers(id, new byte[0])),
                BigInteger.ZERO,
                "draw"),
        "DrawNotYet");
    f.mineTo(d.drawBlock());
    f.stranger.drawVerifiers(id);
    List<JobVerifier> vs = f.client.verifiers(id);
    assertThat(vs).hasSize(3);
    assertThat(new HashSet<>(vs.stream().map(JobVerifier::address).toList())).hasSize(3);
    assertThat(vs).extracting(JobVerifier::address).doesNotContain(provider(), client());
    List<BigInteger> verifierStakes = new ArrayList<>();
    for (JobVerifier v : vs) {
      assertThat(f.lockedStake(v.address())).isEqualTo(f.params.stakePerVerifier());
      verifierStakes.add(f.stakeOf(v.address()));
    }
    assertThat(f.client.job(id).state()).isEqualTo(MarketJobState.DRAWN);

    // the verifiers re-executed the job: the right output, against the provider's wrong one
    verify(id, new byte[][] {OUTPUT, OUTPUT, OUTPUT}, true);
    assertThat(f.client.verifiers(id))
        .allSatisfy(
            v -> {
              assertThat(v.committed()).isTrue();
              assertThat(v.revealed()).isTrue();
              assertThat(v.agreed()).isFalse();
            });
    f.stranger.resolveDispute(id);

    BigInteger fee = fee(f.collateral(), 3);
    assertThat(f.client.job(id).state()).isEqualTo(MarketJobState.REFUNDED);
    assertThat(f.client.withdrawable(client(), null))
        .isEqualTo(
            clientOwed
                .add(PRICE)
                .add(f.collateral())
                .add(f.collateral())
                .subtract(fee.multiply(BigInteger.valueOf(3))));
    for (int i = 0; i < vs.size(); i++) {
      String v = vs.get(i).address();
      assertThat(f.client.withdrawable(v, null)).isGreaterThanOrEqualTo(fee);
      assertThat(f.lockedStake(v)).isZero();
      assertThat(f.stakeOf(v)).isEqualTo(verifierStakes.get(i));
    }
    assertThat(f.stakeOf(provider())).isEqualTo(stake.subtract(f.params.stakePerJob()));
    f.assertSolvent();
  }

  @Test
  void falseDisputeLosesItsBondToTheProvider() {
    BigInteger id = f.submitted(3, OUTPUT);
    ComputeMarketClient challenger = f.verifierChains.get(0).compute();
    String challengerAddress = f.verifierChains.get(0).address();
    BigInteger providerOwed = f.client.withdrawable(provider(), null);
    BigInteger challengerOwed = f.client.withdrawable(challengerAddress, null);
    List<JobVerifier> vs = f.disputeAndDraw(id, challenger);
    assertThat(vs).hasSize(3).extracting(JobVerifier::address).doesNotContain(challengerAddress);
    verify(id, new byte[][] {OUTPUT, OUTPUT, OUTPUT}, true);
    assertThat(f.client.verifiers(id)).allMatch(JobVerifier::agreed);
    f.stranger.resolveDispute(id);
    BigInteger fee = fee(f.collateral(), 3);
    assertThat(f.client.job(id).state()).isEqualTo(MarketJobState.PAID);
    assertThat(f.client.withdrawable(provider(), null))
        .isEqualTo(
            providerOwed
                .add(PRICE)
                .add(f.collateral())
                .add(f.collateral())
                .subtract(fee.multiply(BigInteger.valueOf(3))));
    assertThat(f.client.withdrawable(challengerAddress, null)).isEqualTo(challengerOwed);
    f.assertSolvent();
  }

  /**
   * One agreeing and one disagreeing reveal of K = 3 is no majority: no decision. The result does
   * not stand: the client is refunded, the challenger's bond and the provider's collateral go back,
   * nobody is paid for the job nor slashed for it but the verifier that did not reveal.
   */
  @Test
  void aSplitVoteDecidesNothingAndRefundsTheClient() {
    BigInteger id = f.submitted(3, OUTPUT);
    BigInteger clientOwed = f.client.withdrawable(client(), null);
    BigInteger providerOwed = f.client.withdrawable(provider(), null);
    BigInteger providerStake = f.stakeOf(provider());
    BigInteger providerLocked = f.lockedStake(provider());
    List<JobVerifier> vs = f.disputeAndDraw(id, f.client);
    String silent = vs.get(2).address();
    BigInteger silentStake = f.stakeOf(silent);
    verify(id, new byte[][] {OUTPUT, WRONG, null}, false);
    MarketJob j = f.client.job(id);
    // not everyone committed: reveals wait for the end of the commit phase
    expectRevert(
        () -> f.verifier(vs.get(0).address()).revealResult(id, OUTPUT, FUEL, salt(0)),
        "RevealNotOpen");
    f.mineTo(j.commitEnd());
    expectRevert(
        () -> f.verifier(silent).commitResult(id, OUTPUT, FUEL, salt(2)), "CommitPhaseOver");
    f.verifier(vs.get(0).address()).revealResult(id, OUTPUT, FUEL, salt(0));
    f.verifier(vs.get(1).address()).revealResult(id, WRONG, FUEL, salt(1));
    expectRevert(() -> f.stranger.resolveDispute(id), "DisputeNotOver");
    f.mineTo(j.revealEnd() + 1);
    List<BigInteger> verifierOwed =
        vs.stream().map(v -> f.client.withdrawable(v.address(), null)).toList();
    f.stranger.resolveDispute(id);

    assertThat(f.client.job(id).state()).isEqualTo(MarketJobState.REFUNDED);
    assertThat(f.client.withdrawable(provider(), null)).isEqualTo(providerOwed.add(f.collateral()));
    assertThat(f.client.withdrawable(client(), null))
        .isEqualTo(clientOwed.add(PRICE).add(f.collateral()));
    assertThat(f.stakeOf(provider())).isEqualTo(providerStake);
    assertThat(f.lockedStake(provider()))
        .isEqualTo(providerLocked.subtract(f.params.stakePerJob()));
    for (int i = 0; i < 2; i++) {
      assertThat(f.client.withdrawable(vs.get(i).address(), null))
          .as("no fee without a decision")
          .isEqualTo(verifierOwed.get(i));
    }
    assertThat(f.stakeOf(silent)).isEqualTo(silentStake.subtract(f.params.stakePerVerifier()));
    assertThat(f.lockedStake(silent)).isZero();
    assertThat(f.client.verifiers(id))
        .extracting(JobVerifier::revealed)
        .containsExactly(true, true, false);
    f.assertSolvent();
  }

  @Test
  void verifierThatCommitsButNeverRevealsIsSlashedAndNothingIsDecided() {
    BigInteger id = f.submitted(1, OUTPUT);
    List<JobVerifier> vs = f.disputeAndDraw(id, f.client);
    assertThat(vs).hasSize(1);
    String v = vs.get(0).address();
    BigInteger stake = f.stakeOf(v);
    verify(id, new byte[][] {OUTPUT}, false);
    MarketJob j = f.client.job(id);
    f.mineTo(j.revealEnd());
    expectRevert(() -> f.verifier(v).revealResult(id, OUTPUT, FUEL, salt(0)), "RevealPhaseOver");
    BigInteger clientOwed = f.client.withdrawable(client(), null);
    BigInteger providerOwed = f.client.withdrawable(provider(), null);
    f.stranger.resolveDispute(id);
    assertThat(f.stakeOf(v)).isEqualTo(stake.subtract(f.params.stakePerVerifier()));
    assertThat(f.lockedStake(v)).isZero();
    // nobody revealed: no decision, the result does not stand
    assertThat(f.client.job(id).state()).isEqualTo(MarketJobState.REFUNDED);
    assertThat(f.client.withdrawable(client(), null))
        .isEqualTo(clientOwed.add(PRICE).add(f.collateral()));
    assertThat(f.client.withdrawable(provider(), null)).isEqualTo(providerOwed.add(f.collateral()));
    f.assertSolvent();
  }

  /**
   * With no verifier to draw, no majority can be reached: the dispute decides nothing. The result
   * does not stand (the client is refunded, its bond goes back), and the provider, never shown
   * wrong, gets its collateral back and its stake unlocked, unslashed. The job is settled: it can
   * be neither disputed again nor finalized.
   */
  @Test
  void disputeWithNoVerifierToDrawDecidesNothing() {
    try (ComputeFixture lone = new ComputeFixture(chain, ComputeMarketParams.dev(), 0)) {
      BigInteger id = lone.submitted(1, OUTPUT);
      ComputeFixture.Owed before = lone.owed();
      lone.disputeAndDraw(id, lone.client);
      lone.assertUndecided(id, before);
      assertThat(lone.client.verifiers(id)).isEmpty();
      assertThat(lone.lockedStake(lone.providerChain.address())).isZero();
      expectRevert(() -> lone.client.dispute(id), "WrongState");
      expectRevert(() -> lone.stranger.finalizeJob(id), "WrongState");
      lone.assertSolvent();
    }
  }

  /**
   * A market that asks no collateral still asks a bond for a dispute: a tenth of the price. A
   * dispute that sends less is refused.
   */
  @Test
  void disputeBondIsATenthOfThePriceWhenTheMarketAsksNoCollateral() {
    ComputeMarketParams free =
        new ComputeMarketParams(
            2, 0, 20, 20, f.params.stakePerJob(), f.params.stakePerVerifier(), 5, 5, 5, 5);
    try (ComputeFixture nc = new ComputeFixture(chain, free, 1)) {
      BigInteger id = nc.submitted(1, WRONG);
      assertThat(nc.client.job(id).collateral()).isZero();
      BigInteger tenth = PRICE.divide(BigInteger.TEN);
      assertThat(nc.client.disputeBond(id)).isEqualTo(tenth);
      Transactor raw = chain.transactor(2); // the fixture's client
      expectRevert(
          () ->
              raw.send(
                  nc.deployment.computeMarket(),
                  Calls.encode(ComputeCalls.jobAction("dispute", id)),
                  tenth.subtract(BigInteger.ONE),
                  "dispute"),
          "WrongPayment");
      nc.client.dispute(id);
      assertThat(nc.client.job(id).bond()).isEqualTo(tenth);
      nc.assertSolvent();
    }
  }

  /**
   * A draw 300 blocks late reads the draw block's hash from the EIP-2935 history; once no hash of
   * the draw block can be had (here: the history contract's code removed, as on a chain without
   * it), a fresh draw block is set instead. On a chain of its own: the history is altered.
   */
  @Test
  void lateDrawReadsTheBlockHashHistoryAndADrawBlockOutOfReachIsReplaced() {
    try (ComputeFixture g = ComputeFixture.onFreshChain(1)) {
      BigInteger late = g.submitted(1, OUTPUT);
      g.client.dispute(late);
      g.mineTo(g.client.job(late).drawBlock() + 300);
      g.stranger.drawVerifiers(late);
      assertThat(g.client.job(late).state()).isEqualTo(MarketJobState.DRAWN);
      assertThat(g.client.verifiers(late)).hasSize(1);

      BigInteger lost = g.submitted(1, OUTPUT);
      g.client.dispute(lost);
      g.mineTo(g.client.job(lost).drawBlock() + 300);
      new DevRpc(g.chain.rpc())
          .call("anvil_setCode", "0x0000F90827F1C53a10cb7A02335B175320002935", "0x");
      g.stranger.drawVerifiers(lost);
      MarketJob j = g.client.job(lost);
      assertThat(j.state()).isEqualTo(MarketJobState.DISPUTED);
      assertThat(j.drawBlock()).isEqualTo(g.providerChain.blockNumber() + g.params.lookahead());
      assertThat(g.client.verifiers(lost)).isEmpty();
      g.mineTo(j.drawBlock());
      g.stranger.drawVerifiers(lost);
      assertThat(g.client.job(lost).state()).isEqualTo(MarketJobState.DRAWN);

      // nobody reveals: nothing is decided, the verifier is slashed twice
      g.mineTo(Math.max(g.client.job(late).revealEnd(), g.client.job(lost).revealEnd()));
      g.stranger.resolveDispute(late);
      g.stranger.resolveDispute(lost);
      assertThat(g.client.job(late).state()).isEqualTo(MarketJobState.REFUNDED);
      assertThat(g.client.job(lost).state()).isEqualTo(MarketJobState.REFUNDED);
      g.assertSolvent();
    }
  }

  @Test
  void cudaResultIsAcceptedOrRejectedByTheClientNeverCheckedByVerifiers() {
    JobRequirements gpu =
        new JobRequirements(
            JobRequirements.ENGINE_CUDA, 4, 1L << 30, "NVIDIA H100", 40L << 30, "solar");
    JobPosting posting = new JobPosting(ComputeFixture.SPEC, gpu, PRICE, null, 20, 10, 0);
    MarketJob accepted = f.post(posting);
    assertThat(accepted.gpuModelHash()).isEqualTo(JobRequirements.hash("NVIDIA H100"));
    assertThat(accepted.verifiable()).isFalse();
    f.provider.claim(accepted.id());
    f.provider.submitResult(accepted.id(), OUTPUT, FUEL, RECEIPT);
    BigInteger providerOwed = f.client.withdrawable(provider(), null);
    expectRevert(() -> f.stranger.acceptResult(accepted.id()), "NotClient");
    f.client.acceptResult(accepted.id());
    assertThat(f.client.job(accepted.id()).state()).isEqualTo(MarketJobState.PAID);
    assertThat(f.client.withdrawable(provider(), null))
        .isEqualTo(providerOwed.add(PRICE).add(f.collateral()));

    MarketJob rejected = f.post(posting);
    f.provider.claim(rejected.id());
    f.provider.submitResult(rejected.id(), OUTPUT, FUEL, RECEIPT);
    BigInteger stake = f.stakeOf(provider());
    long rejections = f.client.clientRejections(client());
    BigInteger clientOwed = f.client.withdrawable(client(), null);
    providerOwed = f.client.withdrawable(provider(), null);
    f.client.rejectResult(rejected.id());
    assertThat(f.client.job(rejected.id()).state()).isEqualTo(MarketJobState.REFUNDED);
    assertThat(f.client.withdrawable(client(), null)).isEqualTo(clientOwed.add(PRICE));
    assertThat(f.client.withdrawable(provider(), null)).isEqualTo(providerOwed.add(f.collateral()));
    assertThat(f.stakeOf(provider())).isEqualTo(stake);
    assertThat(f.lockedStake(provider())).isZero();
    assertThat(f.client.clientRejections(client())).isEqualTo(rejections + 1);
    f.assertSolvent();
  }

  @Test
  void offersAndJobListsReadBack() {
    assertThat(f.client.computeOffer(provider())).contains(ComputeFixture.offer(false));
    assertThat(f.client.computeOffer(f.verifierChains.get(0).address()))
        .contains(ComputeFixture.offer(true));
    assertThat(f.client.computeOffer(f.chainOf(f.stranger).address())).isEmpty();
    assertThat(f.client.params()).isEqualTo(ComputeMarketParams.dev());
    MarketJob j = f.post(ComputeFixture.wasm(1, null));
    List<MarketJob> listed = f.client.jobs(j.id(), 10);
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).id()).isEqualTo(j.id());
    assertThat(f.client.jobs(BigInteger.ONE, 1000)).hasSize((int) f.client.jobCount());
    expectRevert(() -> f.client.job(BigInteger.valueOf(1_000_000)), "UnknownJob");
    f.client.cancel(j.id());
  }

  private static BigInteger fee(BigInteger loserFunds, int k) {
    return loserFunds
        .multiply(BigInteger.valueOf(f.params.verifierFeePercent()))
        .divide(BigInteger.valueOf(100))
        .divide(BigInteger.valueOf(k));
  }
}
