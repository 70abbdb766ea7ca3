package io.cairn.chain;

import static io.cairn.chain.DevChain.ETHER;
import static io.cairn.chain.MarketWorld.MAX_DEALS;
import static io.cairn.chain.MarketWorld.MAX_PERIODS;
import static io.cairn.chain.MarketWorld.offer;

import io.cairn.chain.MarketWorld.DealModel;
import io.cairn.chain.MarketWorld.Expected;
import io.cairn.proofs.ProofBundle;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.web3j.abi.datatypes.Type;

/**
 * The storage market's random actions, and the registry's around them: deals opened, accepted,
 * cancelled, proven (now and then with a proof for another seed), settled, terminated and handed to
 * the other provider; stake added, providers and verifiers retiring and registering again, terms
 * changed, earnings withdrawn from either market. Each returns whether it found something to act
 * on; one whose turn has not come must be refused with its custom error.
 */
// web3j's ABI API returns the raw Type
@SuppressWarnings("rawtypes")
final class StorageMarketActions {
  private final MarketWorld w;
  private final ExpectedRefusals refusals;

  StorageMarketActions(MarketWorld w, ExpectedRefusals refusals) {
    this.w = w;
    this.refusals = refusals;
  }

  boolean openDeal() {
    ChainClient c = w.pick(w.clients);
    ChainClient p = w.pick(w.providers);
    DevChain.Piece piece = w.pick(w.pieces);
    int periods = 1 + w.r.nextInt(MAX_PERIODS);
    BigInteger price = BigInteger.valueOf(1 + w.r.nextInt(1000)).multiply(BigInteger.TEN.pow(12));
    DealTerms terms = new DealTerms(piece.cid(), periods, price, p.address(), w.r.nextBoolean());
    if (w.retiredProviders.contains(p.address())) {
      refusals.expectRefused("ProviderNotActive", () -> c.openDeal(terms));
      return true;
    }
    if (outsideTerms(p.address(), periods)) {
      refusals.expectRefused("OutsideProviderTerms", () -> c.openDeal(terms));
      return true;
    }
    DealInfo d = c.openDeal(terms);
    DealModel m = new DealModel(d.id(), piece, p.address());
    m.openedBlock = w.head();
    w.deals.put(d.id(), m);
    return true;
  }

  boolean acceptDeal() {
    DealInfo d = w.anyDeal(DealState.OPEN);
    if (d == null) {
      return false;
    }
    ChainClient p = w.byAddress.get(d.provider());
    if (w.head() + 1 > w.deals.get(d.id()).openedBlock + w.sp.acceptBlocks()) {
      refusals.expectRefused("AcceptanceExpired", () -> p.acceptDeal(d.id()));
      return true;
    }
    if (w.retiredProviders.contains(p.address())) {
      refusals.expectRefused("ProviderNotActive", () -> p.acceptDeal(d.id()));
      return true;
    }
    if (outsideTerms(p.address(), d.periods())) {
      refusals.expectRefused("OutsideProviderTerms", () -> p.acceptDeal(d.id()));
      return true;
    }
    p.acceptDeal(d.id());
    return true;
  }

  /**
   * Whether a deal of {@code periods} periods is outside {@code provider}'s terms now: longer than
   * its longest deal, or one more than the deals it may have in flight.
   */
  boolean outsideTerms(String provider, long periods) {
    int[] t = w.termsOf.get(provider);
    return periods > t[0] || liveDeals(provider) + 1 > t[1];
  }

  long liveDeals(String provider) {
    List<Type> n =
        w.reader.view(
            w.dep.market(),
            Calls.fn("liveDealsOf", List.of(Calls.addr(provider)), Calls.out(Calls.U256)));
    return ((BigInteger) n.get(0).getValue()).longValueExact();
  }

  boolean cancelDeal() {
    DealInfo d = w.anyDeal(DealState.OPEN);
    if (d == null) {
      return false;
    }
    w.byAddress.get(d.client()).cancelDeal(d.id());
    return true;
  }

  /**
   * Proves one of a provider's sets (one per client) for the current period: mines to its window
   * first if needed.
   */
  boolean prove() {
    ChainClient p = w.pick(w.providers);
    if (p.setsOf(p.address()).isEmpty()) {
      return false;
    }
    long period = w.period();
    long seedBlock = w.sp.seedBlock(w.reader.marketGenesis(), period);
    if (w.head() < seedBlock) {
      w.chain.mineTo(seedBlock);
    }
    List<Challenge> open = p.challenges();
    if (open.isEmpty()) {
      return false;
    }
    Challenge c = open.get(w.r.nextInt(open.size()));
    Map<BigInteger, DevChain.Piece> byDeal = new HashMap<>();
    for (SetPiece sp2 : c.pieces()) {
      byDeal.put(sp2.dealId(), w.deals.get(sp2.dealId()).piece);
    }
    if (w.r.nextInt(5) == 0) {
      // a proof for another seed answers other challenges
      byte[] seed = c.seed().clone();
      seed[0] ^= 1;
      ProofBundle wrong =
          DevChain.bundle(
              new Challenge(
                  c.setId(),
                  c.period(),
                  seed,
                  c.header(),
                  c.seedBlock(),
                  c.windowEnd(),
                  c.count(),
                  c.range(),
                  c.pieces()),
              byDeal);
      refusals.expectRefused("InvalidProof", () -> p.provePeriod(wrong.calldata(c.header())));
      return true;
    }
    byte[] calldata = DevChain.bundle(c, byDeal).calldata(c.header());
    p.provePeriod(calldata);
    // sent again: the period is proven, or its window has just closed
    boolean windowOpen = w.head() + 1 <= w.sp.windowEnd(w.reader.marketGenesis(), c.period());
    refusals.expectRefused(
        windowOpen ? "PeriodAlreadyProven" : "NoWindowOpen", () -> p.provePeriod(calldata));
    return true;
  }

  boolean settle() {
    DealInfo d = w.anyDeal(DealState.ACTIVE);
    if (d == null) {
      return false;
    }
    ChainClient who = w.pick(w.all);
    long next = d.firstPeriod() + d.periodsSettled();
    boolean settles =
        next < d.endPeriod()
            && (w.isProven(setOfPeriod(d.id(), next), next)
                || w.head() + 1 >= w.sp.periodStart(w.reader.marketGenesis(), next + 1));
    if (settles) {
      who.settle(d.id());
    } else {
      refusals.expectRefused("NothingToSettle", () -> who.settle(d.id()));
    }
    return true;
  }

  long setOfPeriod(BigInteger dealId, long k) {
    DealModel m = w.deals.get(dealId);
    String p = m.previous != null && k < m.switchPeriod ? m.previous : m.provider;
    return w.reader.setOf(p, w.reader.deal(dealId).client());
  }

  boolean terminate() {
    DealInfo d = w.anyDeal(DealState.ACTIVE);
    if (d == null) {
      return false;
    }
    long end = Math.max(w.period() + 1 + w.sp.noticePeriods(), d.firstPeriod());
    ChainClient who = w.byAddress.get(w.r.nextBoolean() ? d.client() : d.provider());
    if (end >= d.endPeriod()) {
      refusals.expectRefused("NothingToTerminate", () -> who.terminateDeal(d.id()));
    } else {
      who.terminateDeal(d.id());
    }
    return true;
  }

  /**
   * A change of provider: a proposal, the client's consent, the take-over, or all three at once;
   * each refused with its error when its turn has not come.
   */
  boolean changeProvider() {
    DealInfo d = w.anyDeal(DealState.ACTIVE);
    if (d == null) {
      return false;
    }
    DealModel m = w.deals.get(d.id());
    ChainClient current = w.byAddress.get(d.provider());
    ChainClient other = w.providers.get(0) == current ? w.providers.get(1) : w.providers.get(0);
    ChainClient client = w.byAddress.get(d.client());
    int step = w.r.nextInt(4);
    if (step == 0 || step == 3) {
      current.proposeProvider(d.id(), other.address());
      m.proposed = other.address();
      m.consented = false;
    }
    if (step == 1 || step == 3) {
      if (m.proposed == null) {
        refusals.expectRefused("NoConsent", () -> client.consentProvider(d.id(), other.address()));
      } else {
        String seen = m.proposed;
        String stale = seen.equals(other.address()) ? current.address() : other.address();
        // a consent naming another provider than the one proposed is refused
        refusals.expectRefused("WrongProvider", () -> client.consentProvider(d.id(), stale));
        client.consentProvider(d.id(), seen);
        m.consented = true;
        if (w.r.nextInt(4) == 0) {
          client.revokeConsent(d.id());
          m.consented = false;
          refusals.expectRefused("NoConsent", () -> client.revokeConsent(d.id()));
        }
      }
    }
    if (step == 2 || step == 3) {
      long p = w.period();
      String error;
      if (!other.address().equals(m.proposed) || !m.consented) {
        error = "NoConsent";
      } else if (m.previous != null) {
        error = "HandoverPending";
      } else if (w.retiredProviders.contains(other.address())) {
        error = "ProviderNotActive";
      } else if (p + 1 >= d.endPeriod()) {
        error = "NothingToTerminate";
      } else if (outsideTerms(other.address(), d.endPeriod() - (p + 1))) {
        error = "OutsideProviderTerms";
      } else {
        error = null;
      }
      if (error == null) {
        other.takeOverDeal(d.id());
        m.proposed = null;
        m.consented = false;
      } else {
        refusals.expectRefused(error, () -> other.takeOverDeal(d.id()));
      }
    }
    return true;
  }

  /**
   * The registry's side: stake added, a verifier retiring (it leaves the draws), withdrawing its
   * stake once none is locked, and registering again.
   */
  /** The registry's {@code VERIFIER_EXIT_BLOCKS}. */
  private static final long VERIFIER_EXIT_BLOCKS = 512;

  boolean stake() {
    ChainClient v = w.pick(w.verifiers);
    Expected x = w.expected(v.address());
    switch (w.r.nextInt(3)) {
      case 0 -> {
        BigInteger amount = ETHER.divide(BigInteger.valueOf(1 + w.r.nextInt(100)));
        ChainClient who = w.r.nextBoolean() ? v : w.pick(w.providers);
        ((Web3ChainClient) who).send(w.dep.registry(), Calls.noArgs("addStake"), amount);
        w.expected(who.address()).stake = w.expected(who.address()).stake.add(amount);
      }
      case 1 -> {
        if (w.retired.contains(v.address())) {
          long exit = w.leftDraws.get(v.address()) + VERIFIER_EXIT_BLOCKS;
          if (x.locked.signum() == 0 && w.head() + 1 <= exit && w.r.nextBoolean()) {
            // a verifier's stake stays until draws for disputes raised before it left are done
            refusals.expectRefused("VerifierExitPending", v::withdrawStake);
            return true;
          }
          if (x.locked.signum() != 0) {
            refusals.expectRefused("StakeLocked", v::withdrawStake);
          } else if (w.head() + 1 <= exit) {
            w.chain.mineTo(exit);
            return true;
          } else if (x.stake.signum() == 0) {
            refusals.expectRefused("NothingToWithdraw", v::withdrawStake);
          } else {
            v.withdrawStake();
            x.stake = BigInteger.ZERO;
          }
        } else {
          // the exit delay counts from when it left the draws: now, or before if it left them
          // already (its offer no longer verifying)
          boolean inDraws = w.isVerifier(v.address());
          long left = v.retireProvider().block();
          if (inDraws) {
            w.leftDraws.put(v.address(), left);
          }
          w.retired.add(v.address());
        }
      }
      default -> {
        if (!w.retired.contains(v.address())) {
          refusals.expectRefused(
              "AlreadyActive", () -> v.registerProvider(DevChain.offer("12D3KooWAgain"), ETHER));
          return true;
        }
        BigInteger amount = ETHER.divide(BigInteger.TEN);
        v.registerProvider(DevChain.offer("12D3KooWVerifier" + v.address()), amount);
        v.compute().setComputeOffer(offer(true));
        w.retired.remove(v.address());
        x.stake = x.stake.add(amount);
      }
    }
    return true;
  }

  /**
   * A storage provider retires (its live deals go on, it proves and is paid for them; no deal is
   * opened to, accepted or taken over by it) or, retired, registers again with more stake.
   */
  boolean retireOrReturn() {
    ChainClient p = w.pick(w.providers);
    if (!w.retiredProviders.contains(p.address())) {
      p.retireProvider();
      w.retiredProviders.add(p.address());
      return true;
    }
    BigInteger amount = ETHER.divide(BigInteger.TEN);
    p.registerProvider(DevChain.offer("12D3KooWInvariants" + p.address()), amount);
    int[] t = w.termsOf.get(p.address());
    p.setStorageTerms(t[0], 0, t[1]);
    w.retiredProviders.remove(p.address());
    w.expected(p.address()).stake = w.expected(p.address()).stake.add(amount);
    return true;
  }

  /** A provider changes its terms mid-run: deals open under the old ones may now be refused. */
  boolean setTerms() {
    ChainClient p = w.pick(w.providers);
    if (w.retiredProviders.contains(p.address())) {
      refusals.expectRefused("NotActive", () -> p.setStorageTerms(MAX_PERIODS, 0, MAX_DEALS));
      return true;
    }
    int maxPeriods = 1 + w.r.nextInt(MAX_PERIODS);
    int maxDeals = 1 + w.r.nextInt(MAX_DEALS);
    p.setStorageTerms(maxPeriods, 0, maxDeals);
    w.termsOf.put(p.address(), new int[] {maxPeriods, maxDeals});
    return true;
  }

  boolean withdraw() {
    ChainClient who = w.pick(w.all);
    String t = w.pickToken();
    boolean compute = w.r.nextBoolean();
    BigInteger owed =
        compute ? who.compute().withdrawable(who.address(), t) : who.withdrawable(who.address(), t);
    Runnable withdrawal = compute ? () -> who.compute().withdraw(t) : () -> who.withdraw(t);
    if (owed.signum() == 0) {
      refusals.expectRefused("NothingToWithdraw", withdrawal);
    } else {
      withdrawal.run();
    }
    return true;
  }
}
