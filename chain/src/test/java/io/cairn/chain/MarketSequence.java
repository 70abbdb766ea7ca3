package io.cairn.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One random sequence over a {@link MarketWorld}: each step takes a weighted random action (up to
 * 20 tries for one that finds something to act on) and then checks every invariant; mined blocks
 * are an action too; at the end both markets are drained.
 */
final class MarketSequence implements AutoCloseable {
  private final MarketWorld w;
  private final MarketInvariantChecks checks;
  private final ExpectedRefusals refusals;
  private final StorageMarketActions storage;
  private final ComputeMarketActions compute;
  private final VerifierActions verifiers;

  MarketSequence(DevChain chain, List<DevChain.Piece> pieces, long seed) {
    this.w = new MarketWorld(chain, pieces, seed);
    MarketEventModel events = new MarketEventModel(w);
    this.checks = new MarketInvariantChecks(w, events);
    this.refusals = new ExpectedRefusals(w, events);
    this.storage = new StorageMarketActions(w, refusals);
    this.compute = new ComputeMarketActions(w, refusals, checks);
    this.verifiers = new VerifierActions(w);
    checks.afterStep();
  }

  /** How many times each action applied, each refusal and each notable outcome was seen. */
  Map<String, Integer> tally() {
    return w.tally;
  }

  void run(int steps) {
    List<Map.Entry<String, BooleanSupplier>> actions = actions();
    for (int step = 0; step < steps; step++) {
      boolean done = false;
      for (int attempt = 0; attempt < 20 && !done; attempt++) {
        Map.Entry<String, BooleanSupplier> a = w.pick(actions);
        try {
          done = a.getValue().getAsBoolean();
        } catch (ChainException e) {
          throw new AssertionError(
              "step " + step + " " + a.getKey() + " reverted: " + e.getMessage(), e);
        }
        if (done) {
          w.tally.merge(a.getKey(), 1, Integer::sum);
        }
      }
      checks.afterStep();
    }
    checks.drain();
  }

  List<Map.Entry<String, BooleanSupplier>> actions() {
    List<Map.Entry<String, BooleanSupplier>> a = new ArrayList<>();
    add(a, 3, "mine", this::mine);
    add(a, 3, "openDeal", storage::openDeal);
    add(a, 3, "acceptDeal", storage::acceptDeal);
    add(a, 1, "cancelDeal", storage::cancelDeal);
    add(a, 6, "provePeriod", storage::prove);
    add(a, 3, "settle", storage::settle);
    add(a, 1, "terminateDeal", storage::terminate);
    add(a, 2, "changeProvider", storage::changeProvider);
    add(a, 2, "withdraw", storage::withdraw);
    add(a, 1, "setTerms", storage::setTerms);
    add(a, 1, "retireOrReturn", storage::retireOrReturn);
    add(a, 2, "stake", storage::stake);
    add(a, 2, "verifierChurn", verifiers::churn);
    add(a, 3, "postJob", compute::postJob);
    add(a, 3, "claimJob", compute::claimJob);
    add(a, 3, "submitResult", compute::submitResult);
    add(a, 1, "cancelJob", compute::cancelJob);
    add(a, 1, "expire", compute::expire);
    add(a, 2, "finalizeJob", compute::finalizeJob);
    add(a, 3, "dispute", compute::dispute);
    add(a, 3, "drawVerifiers", compute::draw);
    add(a, 3, "commitResult", compute::commit);
    add(a, 3, "revealResult", compute::reveal);
    add(a, 2, "resolveDispute", compute::resolve);
    add(a, 2, "disputeRound", compute::disputeRound);
    add(a, 1, "acceptOrRejectCuda", compute::acceptOrReject);
    add(a, 4, "refused", refusals::refused);
    return a;
  }

  static void add(
      List<Map.Entry<String, BooleanSupplier>> a, int weight, String name, BooleanSupplier s) {
    for (int i = 0; i < weight; i++) {
      a.add(Map.entry(name, s));
    }
  }

  /** Mines a few blocks, now and then up to two periods' worth; half the time moving the clock. */
  boolean mine() {
    int n = w.r.nextInt(4) == 0 ? 1 + w.r.nextInt(w.sp.periodBlocks() * 2) : 1 + w.r.nextInt(4);
    if (w.r.nextBoolean()) {
      w.chain.anvil.mine(n);
    } else {
      // time passes too: the markets count blocks, never seconds
      w.chain.anvil.increaseTime(12L * n);
      for (int i = 0; i < Math.min(n, 3); i++) {
        w.dev.call("evm_mine");
      }
    }
    return true;
  }

  @Override
  public void close() {
    w.close();
  }
}
