package io.cairn.chain;

import static io.cairn.chain.MarketWorld.FUEL;
import static io.cairn.chain.MarketWorld.MIN_JOB_PRICE;
import static io.cairn.chain.MarketWorld.OUTPUT;
import static io.cairn.chain.MarketWorld.SPEC;
import static io.cairn.chain.MarketWorld.WRONG;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;
import org.web3j.abi.datatypes.Type;

/**
 * The compute market's random actions: jobs posted, claimed, answered honestly or wrongly,
 * cancelled, expired, finalized, disputed, drawn, committed, revealed and resolved, CUDA results
 * accepted or rejected, and whole dispute rounds checked after each transaction. Each returns
 * whether it found something to act on; one whose turn has not come must be refused with its custom
 * error.
 */
// web3j's ABI API returns the raw Type
@SuppressWarnings("rawtypes")
final class ComputeMarketActions {
  private final MarketWorld w;
  private final ExpectedRefusals refusals;
  private final MarketInvariantChecks checks;
  private final Map<BigInteger, byte[]> salts = new HashMap<>();

  ComputeMarketActions(MarketWorld w, ExpectedRefusals refusals, MarketInvariantChecks checks) {
    this.w = w;
    this.refusals = refusals;
    this.checks = checks;
  }

  boolean postJob() {
    ChainClient c = w.pick(w.clients);
    boolean cuda = w.r.nextInt(4) == 0;
    JobRequirements req =
        cuda
            ? new JobRequirements(JobRequirements.ENGINE_CUDA, 4, 1L << 30, "NVIDIA H100", 0, "")
            : JobRequirements.wasm(1 + w.r.nextInt(8), 1L << 30);
    // now and then below the providers' minimum price: posted, but nobody may claim it
    BigInteger price =
        w.r.nextInt(8) == 0
            ? MIN_JOB_PRICE.subtract(BigInteger.ONE)
            : MIN_JOB_PRICE.multiply(BigInteger.valueOf(1 + w.r.nextInt(20)));
    String t = w.pickToken();
    JobPosting p =
        new JobPosting(
            SPEC,
            req,
            price,
            t.equals(Addresses.ZERO) ? null : t,
            10 + w.r.nextInt(50),
            w.cp.minChallengeBlocks() + w.r.nextInt(10),
            cuda ? 0 : (w.r.nextBoolean() ? 1 : 3));
    MarketJob j = c.compute().post(p);
    w.jobs.add(j.id());
    return true;
  }

  boolean claimJob() {
    MarketJob j = w.anyJob(MarketJobState.POSTED);
    if (j == null) {
      return false;
    }
    ChainClient p = w.pick(w.providers);
    if (w.head() + 1 >= j.deadlineBlock()) {
      refusals.expectRefused("DeadlinePassed", () -> p.compute().claim(j.id()));
    } else if (w.retiredProviders.contains(p.address())) {
      refusals.expectRefused("ProviderNotActive", () -> p.compute().claim(j.id()));
    } else if (j.price().compareTo(MIN_JOB_PRICE) < 0) {
      refusals.expectRefused("PriceBelowMinimum", () -> p.compute().claim(j.id()));
    } else if (freeStake(p.address()).compareTo(w.cp.stakePerJob()) < 0) {
      refusals.expectRefused("StakeTooLow", () -> p.compute().claim(j.id()));
    } else {
      p.compute().claim(j.id());
    }
    return true;
  }

  BigInteger freeStake(String account) {
    List<Type> s = w.reader.view(w.dep.registry(), Calls.statusOf(account));
    return ((BigInteger) s.get(2).getValue()).subtract((BigInteger) s.get(8).getValue());
  }

  boolean submitResult() {
    MarketJob j = w.anyJob(MarketJobState.CLAIMED);
    if (j == null) {
      return false;
    }
    ComputeMarketClient p = w.byAddress.get(j.provider()).compute();
    if (w.head() + 1 > j.deadlineBlock()) {
      refusals.expectRefused(
          "DeadlinePassed", () -> p.submitResult(j.id(), OUTPUT, FUEL, new byte[32]));
      return true;
    }
    boolean honest = w.r.nextInt(3) != 0;
    p.submitResult(j.id(), honest ? OUTPUT : WRONG, honest ? FUEL : FUEL + 1, new byte[32]);
    return true;
  }

  boolean cancelJob() {
    MarketJob j = w.anyJob(MarketJobState.POSTED);
    if (j == null) {
      return false;
    }
    w.byAddress.get(j.client()).compute().cancel(j.id());
    return true;
  }

  boolean expire() {
    return onceOver(
        MarketJobState.CLAIMED,
        MarketJob::deadlineBlock,
        "DeadlineNotPassed",
        ComputeMarketClient::expire);
  }

  boolean finalizeJob() {
    return onceOver(
        MarketJobState.SUBMITTED,
        j -> j.resultBlock() + j.challengeBlocks(),
        "ChallengeWindowOpen",
        ComputeMarketClient::finalizeJob);
  }

  /**
   * Anyone acts on a job in {@code state}: after block {@code last} (mined there half the time) it
   * must succeed, before it be refused with {@code early}.
   */
  boolean onceOver(
      MarketJobState state,
      ToLongFunction<MarketJob> last,
      String early,
      BiConsumer<ComputeMarketClient, BigInteger> act) {
    MarketJob j = w.anyJob(state);
    if (j == null) {
      return false;
    }
    long end = last.applyAsLong(j);
    if (w.r.nextBoolean()) {
      w.chain.mineTo(end);
    }
    ComputeMarketClient who = w.pick(w.all).compute();
    if (w.head() + 1 > end) {
      act.accept(who, j.id());
    } else {
      refusals.expectRefused(early, () -> act.accept(who, j.id()));
    }
    return true;
  }

  boolean dispute() {
    MarketJob j = w.anyJob(MarketJobState.SUBMITTED);
    if (j == null) {
      return false;
    }
    long end = j.resultBlock() + j.challengeBlocks();
    List<ChainClient> entitled = activeVerifiers();
    entitled.add(w.byAddress.get(j.client()));
    // The second provider offers verification until it retires; registered again, it offers
    // storage only, so it may dispute only while the registry still names it a verifier.
    ChainClient second = w.providers.get(1);
    if (!j.provider().equals(second.address())
        && second
            .compute()
            .computeOffer(second.address())
            .map(ComputeOfferTerms::verifier)
            .orElse(false)) {
      entitled.add(second);
    }
    ChainClient who = w.pick(entitled);
    if (j.engine() != JobRequirements.ENGINE_WASM) {
      refusals.expectRefused("NotVerifiable", () -> who.compute().dispute(j.id()));
    } else if (w.head() + 1 > end) {
      refusals.expectRefused("ChallengeWindowClosed", () -> who.compute().dispute(j.id()));
    } else {
      who.compute().dispute(j.id());
    }
    return true;
  }

  boolean draw() {
    MarketJob j = w.anyJob(MarketJobState.DISPUTED);
    if (j == null) {
      return false;
    }
    w.chain.mineTo(j.drawBlock());
    w.pick(w.all).compute().drawVerifiers(j.id());
    return true;
  }

  /**
   * A whole dispute, checked after each of its transactions: a WASM result disputed within its
   * window, verifiers drawn, each committing or not and revealing or not, resolved.
   */
  boolean disputeRound() {
    MarketJob j = null;
    for (MarketJob c : w.jobsIn(MarketJobState.SUBMITTED)) {
      if (c.engine() == JobRequirements.ENGINE_WASM
          && w.head() + 1 <= c.resultBlock() + c.challengeBlocks()) {
        j = c;
      }
    }
    if (j == null) {
      j = freshResult();
      if (j == null) {
        return false;
      }
    }
    BigInteger id = j.id();
    List<ChainClient> entitled = activeVerifiers();
    entitled.add(w.byAddress.get(j.client()));
    w.pick(entitled).compute().dispute(id);
    checks.afterStep();
    w.chain.mineTo(w.reader.compute().job(id).drawBlock());
    w.stranger.compute().drawVerifiers(id);
    checks.afterStep();
    MarketJob drawnJob = w.reader.compute().job(id);
    if (drawnJob.state() != MarketJobState.DRAWN) {
      return true; // too few staked seats for a majority of K: no decision
    }
    List<JobVerifier> vs = w.reader.compute().verifiers(id);
    for (JobVerifier v : vs) {
      ComputeMarketClient c = w.byAddress.get(v.address()).compute();
      if (!v.staked()) {
        // its stake was short at the draw: the seat cannot vote
        refusals.expectRefused(
            "NotStaked",
            () -> c.commitResult(id, verdict(id, v.address()), FUEL, salt(id, v.address())));
      } else if (w.r.nextInt(5) != 0) {
        c.commitResult(id, verdict(id, v.address()), FUEL, salt(id, v.address()));
        checks.afterStep();
      }
    }
    vs = w.reader.compute().verifiers(id);
    if (!vs.stream().filter(JobVerifier::staked).allMatch(JobVerifier::committed)) {
      w.chain.mineTo(drawnJob.commitEnd());
    }
    for (JobVerifier v : vs) {
      if (v.committed() && w.r.nextInt(5) != 0) {
        w.byAddress
            .get(v.address())
            .compute()
            .revealResult(id, verdict(id, v.address()), FUEL, salt(id, v.address()));
        checks.afterStep();
      }
    }
    if (!w.reader.compute().verifiers(id).stream()
        .filter(JobVerifier::staked)
        .allMatch(JobVerifier::revealed)) {
      w.chain.mineTo(drawnJob.revealEnd());
    }
    w.pick(w.all).compute().resolveDispute(id);
    return true;
  }

  /** A WASM job posted, claimed and answered (honestly or not), checked after each step. */
  MarketJob freshResult() {
    ChainClient p = w.pick(w.providers);
    if (w.retiredProviders.contains(p.address())
        || freeStake(p.address()).compareTo(w.cp.stakePerJob()) < 0) {
      return null;
    }
    JobPosting posting =
        new JobPosting(
            SPEC,
            JobRequirements.wasm(2, 1L << 30),
            MIN_JOB_PRICE.multiply(BigInteger.valueOf(1 + w.r.nextInt(20))),
            w.r.nextBoolean() ? null : w.token,
            30,
            w.cp.minChallengeBlocks() + 10,
            w.r.nextBoolean() ? 1 : 3);
    MarketJob j = w.pick(w.clients).compute().post(posting);
    w.jobs.add(j.id());
    checks.afterStep();
    p.compute().claim(j.id());
    checks.afterStep();
    boolean honest = w.r.nextBoolean();
    p.compute()
        .submitResult(j.id(), honest ? OUTPUT : WRONG, honest ? FUEL : FUEL + 1, new byte[32]);
    checks.afterStep();
    return w.reader.compute().job(j.id());
  }

  byte[] salt(BigInteger jobId, String verifier) {
    return salts.computeIfAbsent(
        jobId.shiftLeft(160).add(new BigInteger(verifier.substring(2), 16)),
        k -> {
          byte[] s = new byte[32];
          w.r.nextBytes(s);
          return s;
        });
  }

  /** A verifier's own result: the true one, or now and then a wrong one. */
  byte[] verdict(BigInteger jobId, String verifier) {
    return Math.floorMod(jobId.intValue() + verifier.hashCode(), 5) == 0 ? WRONG : OUTPUT;
  }

  boolean commit() {
    MarketJob j = w.anyJob(MarketJobState.DRAWN);
    if (j == null) {
      return false;
    }
    List<JobVerifier> vs = w.reader.compute().verifiers(j.id());
    JobVerifier v = w.pick(vs);
    ComputeMarketClient c = w.byAddress.get(v.address()).compute();
    byte[] out = verdict(j.id(), v.address());
    Runnable commit = () -> c.commitResult(j.id(), out, FUEL, salt(j.id(), v.address()));
    if (w.head() + 1 > j.commitEnd()) {
      refusals.expectRefused("CommitPhaseOver", commit);
    } else if (!v.staked()) {
      refusals.expectRefused("NotStaked", commit);
    } else if (v.committed()) {
      refusals.expectRefused("AlreadyCommitted", commit);
    } else {
      commit.run();
    }
    return true;
  }

  boolean reveal() {
    MarketJob j = w.anyJob(MarketJobState.DRAWN);
    if (j == null) {
      return false;
    }
    List<JobVerifier> vs = w.reader.compute().verifiers(j.id());
    JobVerifier v = w.pick(vs);
    boolean allCommitted = vs.stream().filter(JobVerifier::staked).allMatch(JobVerifier::committed);
    if (!allCommitted && w.r.nextBoolean()) {
      w.chain.mineTo(j.commitEnd());
    }
    ComputeMarketClient c = w.byAddress.get(v.address()).compute();
    byte[] out = verdict(j.id(), v.address());
    long next = w.head() + 1;
    if (next <= j.commitEnd() && !allCommitted) {
      refusals.expectRefused(
          "RevealNotOpen", () -> c.revealResult(j.id(), out, FUEL, salt(j.id(), v.address())));
    } else if (next > j.revealEnd()) {
      refusals.expectRefused(
          "RevealPhaseOver", () -> c.revealResult(j.id(), out, FUEL, salt(j.id(), v.address())));
    } else if (!v.committed()) {
      refusals.expectRefused(
          "NotCommitted", () -> c.revealResult(j.id(), out, FUEL, salt(j.id(), v.address())));
    } else if (v.revealed()) {
      refusals.expectRefused(
          "AlreadyRevealed", () -> c.revealResult(j.id(), out, FUEL, salt(j.id(), v.address())));
    } else {
      refusals.expectRefused(
          "CommitmentMismatch", () -> c.revealResult(j.id(), out, FUEL, new byte[32]));
      c.revealResult(j.id(), out, FUEL, salt(j.id(), v.address()));
    }
    return true;
  }

  boolean resolve() {
    MarketJob j = w.anyJob(MarketJobState.DRAWN);
    if (j == null) {
      return false;
    }
    if (w.r.nextBoolean()) {
      w.chain.mineTo(j.revealEnd());
    }
    boolean allRevealed =
        w.reader.compute().verifiers(j.id()).stream()
            .filter(JobVerifier::staked)
            .allMatch(JobVerifier::revealed);
    ComputeMarketClient who = w.pick(w.all).compute();
    if (w.head() + 1 > j.revealEnd() || allRevealed) {
      who.resolveDispute(j.id());
    } else {
      refusals.expectRefused("DisputeNotOver", () -> who.resolveDispute(j.id()));
    }
    return true;
  }

  boolean acceptOrReject() {
    List<MarketJob> cuda = new ArrayList<>();
    for (MarketJob j : w.jobsIn(MarketJobState.SUBMITTED)) {
      if (j.engine() == JobRequirements.ENGINE_CUDA) {
        cuda.add(j);
      }
    }
    if (cuda.isEmpty()) {
      return false;
    }
    MarketJob j = w.pick(cuda);
    ComputeMarketClient c = w.byAddress.get(j.client()).compute();
    refusals.expectRefused(
        "NotClient", () -> w.byAddress.get(j.provider()).compute().acceptResult(j.id()));
    long end = j.resultBlock() + j.challengeBlocks();
    if (w.r.nextBoolean()) {
      c.acceptResult(j.id());
    } else if (w.head() + 1 > end) {
      refusals.expectRefused("ChallengeWindowClosed", () -> c.rejectResult(j.id()));
    } else {
      c.rejectResult(j.id());
    }
    return true;
  }

  /** The verifiers in the draws now: those entitled to dispute besides the client. */
  List<ChainClient> activeVerifiers() {
    List<ChainClient> out = new ArrayList<>();
    for (ChainClient v : w.verifiers) {
      if (w.isVerifier(v.address())) {
        out.add(v);
      }
    }
    return out;
  }
}
