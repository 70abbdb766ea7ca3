package io.cairn.chain;

import static io.cairn.chain.ComputeFixture.FUEL;
import static io.cairn.chain.ComputeFixture.OUTPUT;
import static io.cairn.chain.ComputeFixture.PRICE;
import static io.cairn.chain.ComputeFixture.RECEIPT;
import static io.cairn.chain.ComputeFixture.SPEC;
import static io.cairn.chain.ComputeFixture.WRONG;
import static io.cairn.chain.DevChain.ETHER;
import static io.cairn.chain.FaultsIT.expectRevert;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * Parties acting out of turn on the compute market, jobs no offer matches, forged reveals, re-entry
 * through a token, and a draw of verifiers that the content of its seed block cannot steer: all
 * refused, moving no funds.
 */
@Tag("chain")
@SuppressWarnings("rawtypes") // web3j's ABI API takes the raw Type
class ComputeAttacksIT {
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

  private static byte[] salt(int i) {
    byte[] s = new byte[32];
    s[31] = (byte) (i + 1);
    return s;
  }

  private static JobPosting posting(JobRequirements r, BigInteger price) {
    return new JobPosting(SPEC, r, price, null, 20, 10, r.engine() == 1 ? 1 : 0);
  }

  @Test
  void claimNeedsAnActiveProviderWhoseOfferMatches() {
    BigInteger wasm = f.post(ComputeFixture.wasm(1, null)).id();
    expectRevert(() -> f.stranger.claim(wasm), "ProviderNotActive");
    expectRevert(() -> f.client.claim(wasm), "SelfClaim");
    String[][] mismatches = {
      {"cpuCores", "64", "1", "", "0", ""},
      {"memoryBytes", "4", String.valueOf(1L << 40), "", "0", ""},
      {"gpuModel", "4", "1", "NVIDIA B200", "1", ""},
      {"gpuMemoryBytes", "4", "1", "NVIDIA H100", String.valueOf(200L << 30), ""},
      {"energySource", "4", "1", "", "0", "wind"},
    };
    for (String[] m : mismatches) {
      JobRequirements r =
          new JobRequirements(
              JobRequirements.ENGINE_CUDA,
              Integer.parseInt(m[1]),
              Long.parseLong(m[2]),
              m[3],
              Long.parseLong(m[4]),
              m[5]);
      BigInteger id = f.post(posting(r, PRICE)).id();
      expectRevert(() -> f.provider.claim(id), "OfferMismatch(\"" + m[0] + "\")");
      f.client.cancel(id);
    }
    // a provider that offers WASM only cannot take a CUDA job
    ChainClient wasmOnly = f.connect(9);
    wasmOnly.registerProvider(DevChain.offer("12D3KooWWasmOnly"), ETHER);
    wasmOnly
        .compute()
        .setComputeOffer(
            new ComputeOfferTerms(
                JobRequirements.ENGINE_WASM, 64, 1L << 40, BigInteger.ONE, "", false));
    BigInteger cuda =
        f.post(posting(new JobRequirements(JobRequirements.ENGINE_CUDA, 1, 1, "", 0, ""), PRICE))
            .id();
    expectRevert(() -> wasmOnly.compute().claim(cuda), "OfferMismatch(\"engine\")");
    // the price floor of the offer
    BigInteger cheap =
        f.post(posting(JobRequirements.wasm(1, 1), PRICE.divide(BigInteger.valueOf(100)))).id();
    expectRevert(() -> f.provider.claim(cheap), "PriceBelowMinimum");
    assertThat(f.client.job(cheap).state()).isEqualTo(MarketJobState.POSTED);
    // a matching job is claimed, once
    f.provider.claim(wasm);
    expectRevert(() -> wasmOnly.compute().claim(wasm), "WrongState");
    f.assertSolvent();
  }

  @Test
  void onlyTheProviderSubmitsAndOnlyTheClientOrAVerifierDisputes() {
    BigInteger id = f.post(ComputeFixture.wasm(1, null)).id();
    f.provider.claim(id);
    expectRevert(() -> f.stranger.submitResult(id, WRONG, FUEL, RECEIPT), "NotProvider");
    expectRevert(() -> f.client.submitResult(id, WRONG, FUEL, RECEIPT), "NotProvider");
    f.provider.submitResult(id, OUTPUT, FUEL, RECEIPT);
    expectRevert(() -> f.provider.submitResult(id, WRONG, FUEL, RECEIPT), "WrongState");
    f.chainOf(f.stranger).mintTestToken(f.chainOf(f.stranger).address(), ETHER);
    expectRevert(() -> f.stranger.dispute(id), "NotEntitledToDispute");
    expectRevert(() -> f.provider.dispute(id), "NotEntitledToDispute");
    expectRevert(() -> f.client.acceptResult(id), "NotCuda");
    expectRevert(() -> f.client.rejectResult(id), "NotCuda");
    MarketJob j = f.client.job(id);
    f.mineTo(j.challengeEnd());
    expectRevert(() -> f.client.dispute(id), "ChallengeWindowClosed");
    f.stranger.finalizeJob(id);
    f.assertSolvent();
  }

  @Test
  void cudaResultsCannotBeDisputed() {
    JobRequirements gpu =
        new JobRequirements(JobRequirements.ENGINE_CUDA, 1, 1, "NVIDIA H100", 1, "");
    BigInteger id = f.post(posting(gpu, PRICE)).id();
    f.provider.claim(id);
    f.provider.submitResult(id, OUTPUT, FUEL, RECEIPT);
    expectRevert(() -> f.client.dispute(id), "NotVerifiable");
    expectRevert(() -> f.verifierChains.get(0).compute().dispute(id), "NotVerifiable");
    MarketJob j = f.client.job(id);
    f.mineTo(j.challengeEnd());
    expectRevert(() -> f.client.rejectResult(id), "ChallengeWindowClosed");
    f.stranger.finalizeJob(id);
    assertThat(f.client.job(id).state()).isEqualTo(MarketJobState.PAID);
    // CUDA jobs take no verifiers, WASM jobs an odd number up to the maximum
    expectRevert(
        () -> f.client.post(new JobPosting(SPEC, gpu, PRICE, null, 20, 10, 1)),
        "InvalidJob(\"verifiers\")");
    expectRevert(() -> f.client.post(ComputeFixture.wasm(2, null)), "InvalidJob(\"verifiers\")");
    expectRevert(() -> f.client.post(ComputeFixture.wasm(7, null)), "InvalidJob(\"verifiers\")");
    expectRevert(
        () ->
            f.client.post(new JobPosting(SPEC, JobRequirements.wasm(1, 1), PRICE, null, 20, 4, 1)),
        "InvalidJob(\"challengeBlocks\")");
    f.assertSolvent();
  }

  @Test
  void forgedLateDoubleAndStrangerCommitsAndRevealsAreRefused() {
    BigInteger id = f.submitted(3, OUTPUT);
    expectRevert(() -> f.stranger.resolveDispute(id), "WrongState");
    List<JobVerifier> vs = f.disputeAndDraw(id, f.client);
    ComputeMarketClient v0 = f.verifier(vs.get(0).address());
    ComputeMarketClient v1 = f.verifier(vs.get(1).address());
    ComputeMarketClient v2 = f.verifier(vs.get(2).address());
    expectRevert(() -> f.stranger.commitResult(id, OUTPUT, FUEL, salt(9)), "NotDrawnVerifier");
    expectRevert(() -> f.provider.commitResult(id, OUTPUT, FUEL, salt(9)), "NotDrawnVerifier");
    v0.commitResult(id, OUTPUT, FUEL, salt(0));
    expectRevert(() -> v0.commitResult(id, OUTPUT, FUEL, salt(0)), "AlreadyCommitted");
    v1.commitResult(id, OUTPUT, FUEL, salt(1));
    expectRevert(() -> v0.revealResult(id, OUTPUT, FUEL, salt(0)), "RevealNotOpen");
    v2.commitResult(id, OUTPUT, FUEL, salt(2));
    // all committed: reveals open before the end of the commit phase
    expectRevert(() -> v0.revealResult(id, WRONG, FUEL, salt(0)), "CommitmentMismatch");
    expectRevert(() -> v0.revealResult(id, OUTPUT, FUEL + 1, salt(0)), "CommitmentMismatch");
    expectRevert(() -> v0.revealResult(id, OUTPUT, FUEL, salt(1)), "CommitmentMismatch");
    // another verifier's commitment is bound to its address
    expectRevert(() -> v1.revealResult(id, OUTPUT, FUEL, salt(0)), "CommitmentMismatch");
    v0.revealResult(id, OUTPUT, FUEL, salt(0));
    expectRevert(() -> v0.revealResult(id, OUTPUT, FUEL, salt(0)), "AlreadyRevealed");
    expectRevert(() -> f.stranger.resolveDispute(id), "DisputeNotOver");
    v1.revealResult(id, OUTPUT, FUEL, salt(1));
    expectRevert(() -> f.stranger.resolveDispute(id), "DisputeNotOver");
    v2.revealResult(id, OUTPUT, FUEL, salt(2));
    f.stranger.resolveDispute(id);
    expectRevert(() -> f.stranger.resolveDispute(id), "WrongState");
    assertThat(f.client.job(id).state()).isEqualTo(MarketJobState.PAID);
    f.assertSolvent();
  }

  @Test
  void aVerifierWithoutFreeStakeCannotSitInADraw() {
    try (ComputeFixture poor = new ComputeFixture(chain, ComputeMarketParams.dev(), 0)) {
      ChainClient v = poor.connect(4);
      // the registry's minimum stake: enough for one draw, not two at once
      BigInteger perDraw = ComputeMarketParams.dev().stakePerVerifier();
      expectRevert(
          () -> v.registerProvider(DevChain.offer("12D3KooWPoorVerifier"), BigInteger.ONE),
          "StakeTooLow");
      v.registerProvider(DevChain.offer("12D3KooWPoorVerifier"), perDraw);
      v.compute().setComputeOffer(ComputeFixture.offer(true));
      BigInteger first = poor.submitted(1, OUTPUT);
      assertThat(poor.disputeAndDraw(first, poor.client)).hasSize(1);
      assertThat(poor.lockedStake(v.address())).isEqualTo(perDraw);

      // busy in the first dispute, its stake is locked: drawn again, its seat is unstaked, so
      // no majority can be reached and nothing is decided (the result does not stand)
      BigInteger second = poor.submitted(1, OUTPUT);
      assertThat(poor.disputeAndDraw(second, poor.client)).isEmpty();
      assertThat(poor.client.job(second).state()).isEqualTo(MarketJobState.REFUNDED);
      assertThat(poor.lockedStake(v.address())).isEqualTo(perDraw);
      poor.assertSolvent();
    }
  }

  /**
   * A majority of K decides, never fewer: with two verifiers, a job with K = 5 can reach no
   * majority, so the draw decides nothing (the client is refunded, the bond and collateral go back,
   * those drawn are let go); a job with K = 3 draws both, and a 1–1 split between them is no
   * decision either: the wrong result does not stand.
   */
  @Test
  void withoutAMajorityOfKNothingIsDecidedAndTheResultDoesNotStand() {
    try (ComputeFixture two = new ComputeFixture(chain, ComputeMarketParams.dev(), 2)) {
      String providerAddress = two.providerChain.address();
      BigInteger tooMany = two.submitted(5, WRONG);
      ComputeFixture.Owed before = two.owed();
      assertThat(two.disputeAndDraw(tooMany, two.client)).isEmpty();
      two.assertUndecided(tooMany, before);
      for (ChainClient v : two.verifierChains) {
        assertThat(two.lockedStake(v.address())).isZero();
      }
      assertThat(two.lockedStake(providerAddress)).isZero();
      two.assertSolvent();

      BigInteger three = two.submitted(3, WRONG);
      before = two.owed();
      List<JobVerifier> vs = two.disputeAndDraw(three, two.client);
      assertThat(vs).hasSize(2);
      assertThat(two.client.job(three).state()).isEqualTo(MarketJobState.DRAWN);
      for (ChainClient v : two.verifierChains) {
        assertThat(two.lockedStake(v.address())).isEqualTo(two.params.stakePerVerifier());
      }
      byte[][] votes = {WRONG, OUTPUT};
      for (int i = 0; i < 2; i++) {
        two.verifier(vs.get(i).address()).commitResult(three, votes[i], FUEL, salt(i));
      }
      for (int i = 0; i < 2; i++) {
        two.verifier(vs.get(i).address()).revealResult(three, votes[i], FUEL, salt(i));
      }
      two.stranger.resolveDispute(three);
      two.assertUndecided(three, before);
      assertThat(two.lockedStake(providerAddress)).isZero();
      for (ChainClient v : two.verifierChains) {
        assertThat(two.lockedStake(v.address())).isZero();
      }
      two.assertSolvent();
    }
  }

  /**
   * The draw is a function of the draw block's {@code prevrandao} alone: re-mining the draw block
   * with other transactions changes its hash, not the verifiers drawn; nor do who draws, when, or
   * what was mined after it. (Anvil derives a block's {@code mixHash} from its parent's hash, so
   * the test re-mines the draw block itself and leaves its parent as it was; on a proof-of-stake
   * chain it is the beacon chain's RANDAO mix, which no execution content changes.)
   */
  @Test
  void drawnVerifiersAreTheSameWhateverTheDrawBlockHolds() throws IOException {
    BigInteger id = f.submitted(3, OUTPUT);
    f.client.dispute(id);
    long drawBlock = f.client.job(id).drawBlock();
    f.mineTo(drawBlock - 1);
    DevRpc rpc = new DevRpc(chain.rpc());
    Object beforeDrawBlock = rpc.call("evm_snapshot");

    // the draw block empty
    f.mineTo(drawBlock);
    EthBlock.Block empty = block(drawBlock);
    assertThat(empty.getTransactions()).isEmpty();
    f.stranger.drawVerifiers(id);
    List<String> first = addresses(id);
    assertThat(first).hasSize(3).isEqualTo(expectedDraw(id, empty.getMixHash()));

    // the draw block re-mined with a transaction, as a builder grinding for a draw would
    assertThat(rpc.revert(beforeDrawBlock)).isTrue();
    assertThat(f.client.job(id).state()).isEqualTo(MarketJobState.DISPUTED);
    ChainClient stranger = f.chainOf(f.stranger);
    stranger.sendNative(f.providerChain.address(), BigInteger.valueOf(4242));
    EthBlock.Block full = block(drawBlock);
    assertThat(full.getTransactions()).hasSize(1);
    assertThat(full.getHash()).isNotEqualTo(empty.getHash());
    Object afterDrawBlock = rpc.call("evm_snapshot");
    f.stranger.drawVerifiers(id);
    assertThat(addresses(id)).isEqualTo(first);

    // drawn later, by another account, after other transactions: the same verifiers
    assertThat(rpc.revert(afterDrawBlock)).isTrue();
    for (int i = 1; i <= 5; i++) {
      stranger.sendNative(f.providerChain.address(), BigInteger.valueOf(i * 1000L));
    }
    f.client.drawVerifiers(id);
    assertThat(addresses(id)).isEqualTo(first);
  }

  /**
   * Who a dispute's draw picks is fixed when the dispute is raised, before anyone can know the
   * seed: a party that knows the draw block's {@code prevrandao} cannot change the outcome by
   * having verifiers leave or join the draws, retire, or tie up their stake between the dispute and
   * its draw. (On a list read at draw time, each of these moves the indices the seed selects.) A
   * drawn verifier whose stake is tied up keeps its seat but cannot commit.
   */
  @Test
  void theDrawIgnoresChangesToTheVerifiersAfterTheDispute() {
    try (ComputeFixture g = new ComputeFixture(chain, ComputeMarketParams.dev(), 6)) {
      BigInteger id = g.submitted(3, WRONG);
      g.client.dispute(id);
      g.mineTo(g.client.job(id).drawBlock());
      DevRpc rpc = new DevRpc(chain.rpc());
      Object afterDrawBlock = rpc.call("evm_snapshot");
      g.stranger.drawVerifiers(id);
      List<String> fair = g.client.verifiers(id).stream().map(JobVerifier::address).toList();
      assertThat(fair).hasSize(3);
      assertThat(rpc.revert(afterDrawBlock)).isTrue();

      // the seed is public now: one drawn verifier leaves the draws, another ties its stake up
      // in jobs of its own, a verifier that was not drawn retires, a new one joins
      ComputeMarketClient leaver = g.verifier(fair.get(0));
      leaver.setComputeOffer(ComputeFixture.offer(false));
      ChainClient busy = chainOf(g, fair.get(1));
      BigInteger stake = g.stakeOf(busy.address());
      BigInteger small = PRICE.divide(BigInteger.valueOf(5));
      for (BigInteger locked = BigInteger.ZERO;
          stake.subtract(locked).compareTo(g.params.stakePerVerifier()) >= 0;
          locked = locked.add(g.params.stakePerJob())) {
        JobPosting p =
            new JobPosting(SPEC, JobRequirements.wasm(4, 1L << 30), small, null, 200, 10, 1);
        busy.compute().claim(g.post(p).id());
      }
      BigInteger busyLocked = g.lockedStake(busy.address());
      ChainClient idle =
          g.verifierChains.stream().filter(v -> !fair.contains(v.address())).findFirst().get();
      idle.retireProvider();
      ChainClient joiner = g.chainOf(g.stranger);
      joiner.registerProvider(DevChain.offer("12D3KooWLateVerifier"), ETHER);
      joiner.compute().setComputeOffer(ComputeFixture.offer(true));

      g.client.drawVerifiers(id);
      assertThat(g.client.verifiers(id).stream().map(JobVerifier::address).toList())
          .isEqualTo(fair);
      assertThat(g.client.job(id).state()).isEqualTo(MarketJobState.DRAWN);
      // the verifier that left still serves this dispute, its stake locked
      assertThat(g.lockedStake(fair.get(0))).isEqualTo(g.params.stakePerVerifier());
      // the one without free stake holds an unstaked seat: nothing locked, no commitment
      assertThat(g.lockedStake(busy.address())).isEqualTo(busyLocked);
      expectRevert(() -> busy.compute().commitResult(id, OUTPUT, FUEL, salt(0)), "NotStaked");
      g.assertSolvent();
    }
  }

  /**
   * Joining and leaving the draws again and again reuses one log entry per account: an account
   * cannot pad the log with closed entries until draws over it fail to fill their seats (each
   * candidate from a closed entry is skipped).
   */
  @Test
  void joiningAndLeavingAgainDoesNotPadTheVerifierLog() {
    try (ComputeFixture g = new ComputeFixture(chain, ComputeMarketParams.dev(), 3)) {
      BigInteger before = verifierLogLength(g);
      BigInteger count = verifierCount(g);
      ComputeMarketClient v = g.verifier(g.verifierChains.get(0).address());
      for (int i = 0; i < 4; i++) {
        v.setComputeOffer(ComputeFixture.offer(false));
        v.setComputeOffer(ComputeFixture.offer(true));
      }
      assertThat(verifierLogLength(g)).isEqualTo(before);
      assertThat(verifierCount(g)).isEqualTo(count);
    }
  }

  private static BigInteger verifierLogLength(ComputeFixture g) {
    return g.registryView("verifierLogLength");
  }

  private static BigInteger verifierCount(ComputeFixture g) {
    return g.registryView("verifierCount");
  }

  private static ChainClient chainOf(ComputeFixture g, String address) {
    return g.all.stream().filter(c -> c.address().equals(address)).findFirst().orElseThrow();
  }

  private static List<String> addresses(BigInteger id) {
    return f.client.verifiers(id).stream().map(JobVerifier::address).toList();
  }

  /** The contract's draw, done here from the draw block's mixHash and the registry's list. */
  private static List<String> expectedDraw(BigInteger id, String mixHash) {
    MarketJob j = f.client.job(id);
    Web3ChainClient c = (Web3ChainClient) f.providerChain;
    String registry = f.deployment.registry();
    BigInteger n = (BigInteger) c.view(registry, Calls.view("verifierLogLength")).get(0).getValue();
    BigInteger seed = new BigInteger(1, Numeric.hexStringToByteArray(mixHash));
    List<String> out = new ArrayList<>();
    for (int attempt = 0; attempt < j.verifiers() * 8 && out.size() < j.verifiers(); attempt++) {
      BigInteger index = BigInteger.valueOf(ComputeFixture.drawCandidate(seed, id, attempt, n));
      Function at =
          Calls.fn(
              "verifierEntry",
              List.of(Calls.u256(index)),
              Calls.out(Calls.ADDRESS, Calls.U64, Calls.U64));
      List<Type> entry = c.view(registry, at);
      String v = Addresses.check((String) entry.get(0).getValue(), "verifier");
      // this fixture's verifiers never left the draws
      assertThat((BigInteger) entry.get(2).getValue()).isZero();
      // every fixture verifier has far more free stake than a draw locks
      if (!ComputeFixture.notDrawable(j, v, out)) {
        out.add(v);
      }
    }
    return out;
  }

  private static EthBlock.Block block(long n) throws IOException {
    Web3j web3 = Web3j.build(new HttpService(chain.rpc().toString()));
    try {
      return web3.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(n)), false)
          .send()
          .getBlock();
    } finally {
      web3.shutdown();
    }
  }

  @Test
  void reentryThroughTheJobTokenIsRefusedAndPaysOnce() {
    MaliciousTokens bad = MaliciousTokens.deploy(chain.transactor(2));
    String token = bad.token;
    String market = f.deployment.computeMarket();
    // the token contract is the client: it posts a job paid in itself and cancels it
    bad.mintToItself(PRICE);
    bad.execute(token, Calls.approve(market, PRICE));
    JobPosting p = new JobPosting(SPEC, JobRequirements.wasm(1, 1), PRICE, token, 20, 10, 1);
    bad.execute(market, ComputeCalls.postJob(p));
    BigInteger id = BigInteger.valueOf(f.client.jobCount());
    assertThat(f.client.job(id).client()).isEqualTo(token);
    bad.execute(market, ComputeCalls.jobAction("cancelJob", id));
    assertThat(f.client.withdrawable(token, token)).isEqualTo(PRICE);

    // armed: the market's transfer calls withdraw again before it moves tokens
    bad.assertWithdrawReentryRefused(market, PRICE);
    assertThat(f.client.withdrawable(token, token)).isZero();
  }
}
