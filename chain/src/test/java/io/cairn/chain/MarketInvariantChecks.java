package io.cairn.chain;

import static io.cairn.chain.MarketWorld.BURN;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.MarketWorld.Expected;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.web3j.abi.datatypes.Type;

/**
 * The invariants checked after every step: each market's balances equal what it owes, every settled
 * storage period was settled once as proven or faulted, each proof set's views agree, and the
 * registry's counters equal what the events add up to; and the drain that lets every deal and job
 * run out at the end of a sequence.
 */
// web3j's ABI API returns the raw Type
@SuppressWarnings("rawtypes")
final class MarketInvariantChecks {
  private final MarketWorld w;
  private final MarketEventModel events;

  MarketInvariantChecks(MarketWorld w, MarketEventModel events) {
    this.w = w;
    this.events = events;
  }

  /** The checks of a step, also within a compound action: its events absorbed, then every check. */
  void afterStep() {
    events.absorbEvents();
    check();
  }

  void check() {
    for (String t : List.of(Addresses.ZERO, w.token)) {
      BigInteger owedStorage = BigInteger.ZERO;
      BigInteger owedCompute = BigInteger.ZERO;
      for (String a : w.accounts()) {
        owedStorage = owedStorage.add(w.reader.withdrawable(a, t));
        owedCompute = owedCompute.add(w.reader.compute().withdrawable(a, t));
      }
      for (BigInteger id : w.deals.keySet()) {
        DealInfo d = w.reader.deal(id);
        if (d.token().equals(t)) {
          List<Type> q = w.reader.view(w.dep.market(), Calls.dealPeriods(id));
          owedStorage =
              owedStorage
                  .add((BigInteger) q.get(5).getValue())
                  .add((BigInteger) q.get(6).getValue());
        }
      }
      for (BigInteger id : w.jobs) {
        if (w.reader.compute().job(id).token().equals(t)) {
          owedCompute = owedCompute.add(w.held(id));
        }
      }
      assertThat(w.balance(w.dep.market(), t))
          .as("storage market balance in %s = what it owes", t)
          .isEqualTo(owedStorage);
      assertThat(w.balance(w.dep.computeMarket(), t))
          .as("compute market balance in %s = what it owes", t)
          .isEqualTo(owedCompute);
    }
    checkPeriods();
    checkSets();
    checkRegistry();
    checkVerifierLog();
  }

  /**
   * The registry's verifier log agrees with its views: each account in the draws holds exactly one
   * open entry and every open entry's account is in the draws ({@code isVerifier}), no account
   * holds two entries, {@code verifierCount()} is the count of open entries, an entry closes after
   * it opened; and the log never grows past the most entries that were open or closed within the
   * last {@code VERIFIER_EXIT_BLOCKS} blocks at once (a slot closed longer ago is taken before one
   * is appended).
   */
  void checkVerifierLog() {
    List<VerifierLog.Entry> log = w.verifierLog();
    long head = w.head();
    Set<String> inDraws = w.inDraws();
    Set<String> accounts = new HashSet<>();
    Set<String> open = new HashSet<>();
    int recent = 0;
    for (int i = 0; i < log.size(); i++) {
      VerifierLog.Entry e = log.get(i);
      assertThat(accounts.add(e.account()))
          .as("verifier log slot %d: %s holds another slot too", i, e.account())
          .isTrue();
      assertThat(e.joined()).as("verifier log slot %d joined", i).isBetween(1L, head);
      if (e.open()) {
        open.add(e.account());
        recent++;
      } else {
        assertThat(e.left()).as("verifier log slot %d left", i).isBetween(e.joined(), head);
        if (e.left() + VerifierLog.EXIT_BLOCKS >= head) {
          recent++;
        }
      }
    }
    assertThat(open).as("accounts with an open verifier log entry = isVerifier").isEqualTo(inDraws);
    BigInteger count =
        (BigInteger) w.reader.view(w.dep.registry(), Calls.view("verifierCount")).get(0).getValue();
    assertThat(count.longValueExact())
        .as("verifierCount() = open verifier log entries")
        .isEqualTo(open.size());
    w.logBound = Math.max(w.logBound, recent);
    assertThat(log.size())
        .as(
            "verifier log length: at most %d entries were open or closed within %d blocks at once",
            w.logBound, VerifierLog.EXIT_BLOCKS)
        .isLessThanOrEqualTo(w.logBound);
  }

  /**
   * Each proof set's views agree with its challenge range: the leaves its pieces show add up to its
   * leaf total (what the provider proves over is what the contract challenges), each live deal's
   * piece is where the deal says, and its live deals are those it still serves. A set holds its one
   * client's pieces only, and once the current period's range is taken (or as the views say it will
   * be) no piece is left in it that the set no longer serves.
   */
  void checkSets() {
    String market = w.dep.market();
    long sets =
        ((BigInteger) w.reader.view(market, Calls.view("setCount")).get(0).getValue())
            .longValueExact();
    long now =
        ((BigInteger) w.reader.view(market, Calls.view("currentPeriod")).get(0).getValue())
            .longValueExact();
    Map<Long, Long> serving = new HashMap<>();
    for (BigInteger id : w.deals.keySet()) {
      DealInfo d = w.reader.deal(id);
      if (d.state() != DealState.ACTIVE) {
        continue;
      }
      List<Type> q = w.reader.view(market, Calls.dealPeriods(id));
      long index = ((BigInteger) q.get(1).getValue()).longValueExact();
      String previous = (String) q.get(7).getValue();
      boolean handing = !Addresses.ZERO.equals(Addresses.check(previous, "previous provider"));
      if (handing) {
        serving.merge(w.reader.setOf(previous, d.client()), 1L, Long::sum);
      }
      serving.merge(d.setId(), 1L, Long::sum);
      if (index == 0) {
        // its periods are over, and its piece has left the set
        assertThat(d.endPeriod()).as("deal %s out of its set", id).isLessThanOrEqualTo(now);
        continue;
      }
      List<Type> piece = w.reader.view(market, Calls.pieceAt(d.setId(), index));
      assertThat((BigInteger) piece.get(0).getValue()).as("deal %s's piece", id).isEqualTo(id);
      assertThat(((BigInteger) piece.get(1).getValue()).longValueExact())
          .as("deal %s's piece leaves", id)
          .isEqualTo(d.leafCount());
    }
    for (long set = 1; set <= sets; set++) {
      List<Type> status = w.reader.view(market, Calls.setStatus(set));
      long count = ((BigInteger) status.get(1).getValue()).longValueExact();
      String client =
          (String)
              w.reader
                  .view(
                      market,
                      Calls.fn("setClient", List.of(Calls.u256(set)), Calls.out(Calls.ADDRESS)))
                  .get(0)
                  .getValue();
      Set<BigInteger> leaving = new HashSet<>();
      for (Object t :
          (List<?>) w.reader.view(market, Calls.pendingRemovals(set)).get(0).getValue()) {
        leaving.add((BigInteger) ((Type) t).getValue());
      }
      long shown = 0;
      long staying = 0;
      for (long i = 1; i <= count; i++) {
        List<Type> piece = w.reader.view(market, Calls.pieceAt(set, i));
        long leaves = ((BigInteger) piece.get(1).getValue()).longValueExact();
        shown += leaves;
        if (leaves == 0) {
          continue;
        }
        BigInteger id = (BigInteger) piece.get(0).getValue();
        DealInfo d = w.reader.deal(id);
        assertThat(d.client())
            .as("set %d holds deal %s of another client", set, id)
            .isEqualTo(Addresses.check(client, "set client"));
        if (!leaving.contains(id)) {
          staying += leaves;
          // A piece no longer served stays only when this period's range was taken while it was
          // (a proof of a deal's last period ends the deal): it leaves at the next range.
          assertThat(serves(set, d, now) || leavesBy(set, d, now + 1))
              .as("set %d still holds deal %s's piece in period %d", set, id, now)
              .isTrue();
        }
      }
      assertThat(((BigInteger) status.get(3).getValue()).longValueExact())
          .as("set %d: the current period's range", set)
          .isLessThanOrEqualTo(staying);
      assertThat(shown)
          .as("set %d: leaves its pieces show = its leaf total", set)
          .isEqualTo(((BigInteger) status.get(2).getValue()).longValueExact());
      assertThat(((BigInteger) status.get(4).getValue()).longValueExact())
          .as("set %d: live deals", set)
          .isEqualTo(serving.getOrDefault(set, 0L));
    }
  }

  /** Whether set {@code set} serves deal {@code d}'s piece in period {@code p}, as the market. */
  private boolean serves(long set, DealInfo d, long p) {
    if (d.state() != DealState.ACTIVE || d.endPeriod() <= p) {
      return false;
    }
    if (d.setId() == set) {
      return true;
    }
    List<Type> q = w.reader.view(w.dep.market(), Calls.dealPeriods(d.id()));
    String previous = Addresses.check((String) q.get(7).getValue(), "previous provider");
    long switchPeriod = ((BigInteger) q.get(8).getValue()).longValueExact();
    return !Addresses.ZERO.equals(previous)
        && w.reader.setOf(previous, d.client()) == set
        && switchPeriod > p;
  }

  /** Whether deal {@code d}'s piece is due to leave set {@code set} by period {@code p}. */
  private boolean leavesBy(long set, DealInfo d, long p) {
    if (d.endPeriod() <= p) {
      return true;
    }
    if (d.setId() == set) {
      return false;
    }
    List<Type> q = w.reader.view(w.dep.market(), Calls.dealPeriods(d.id()));
    return ((BigInteger) q.get(8).getValue()).longValueExact() <= p;
  }

  void checkPeriods() {
    for (BigInteger id : w.deals.keySet()) {
      DealInfo d = w.reader.deal(id);
      assertThat(d.periodsProven() + d.periodsFaulted())
          .as("deal %s: proven + faulted = settled", id)
          .isEqualTo(d.periodsSettled());
      long seen = 0;
      long seenProven = 0;
      for (long k = d.firstPeriod(); k < d.firstPeriod() + d.periodsSettled(); k++) {
        Boolean proven = w.settled.get(id + "/" + k);
        assertThat(proven).as("deal %s period %d settled without an event", id, k).isNotNull();
        seen++;
        seenProven += proven ? 1 : 0;
      }
      assertThat(seenProven).as("deal %s proven periods", id).isEqualTo(d.periodsProven());
      assertThat(seen).as("deal %s settled periods", id).isEqualTo(d.periodsSettled());
      if (d.state() == DealState.ENDED) {
        assertThat((long) d.periodsSettled())
            .as("deal %s ended with every period proven or faulted", id)
            .isEqualTo(d.servedPeriods());
      }
      if (d.state() == DealState.ACTIVE) {
        // a period whose window is over can always be settled: it is proven or it is faulted
        long next = d.firstPeriod() + d.periodsSettled();
        assertThat(next).as("deal %s next period", id).isLessThan(d.endPeriod());
      }
    }
  }

  void checkRegistry() {
    BigInteger stakes = BigInteger.ZERO;
    for (Map.Entry<String, Expected> en : w.expected.entrySet()) {
      String a = en.getKey();
      Expected x = en.getValue();
      List<Type> s = w.reader.view(w.dep.registry(), Calls.statusOf(a));
      String who = "registry status of " + a;
      assertThat((BigInteger) s.get(2).getValue()).as(who + ": stake").isEqualTo(x.stake);
      assertThat(((BigInteger) s.get(3).getValue()).longValue())
          .as(who + ": active deals")
          .isEqualTo(x.activeDeals);
      assertThat(((BigInteger) s.get(4).getValue()).longValue())
          .as(who + ": periods proven")
          .isEqualTo(x.periodsProven);
      assertThat(((BigInteger) s.get(5).getValue()).longValue())
          .as(who + ": periods faulted")
          .isEqualTo(x.periodsFaulted);
      assertThat(((BigInteger) s.get(6).getValue()).longValue())
          .as(who + ": deals completed")
          .isEqualTo(x.dealsCompleted);
      assertThat(((BigInteger) s.get(7).getValue()).longValue())
          .as(who + ": deals failed")
          .isEqualTo(x.dealsFailed);
      assertThat((BigInteger) s.get(8).getValue()).as(who + ": locked stake").isEqualTo(x.locked);
      for (String t : List.of(Addresses.ZERO, w.token)) {
        Reputation rep = w.reader.compute().reputation(a, t);
        BigInteger[] v =
            x.values.getOrDefault(t, new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
        assertThat(rep.earned()).as(who + ": value earned in " + t).isEqualTo(v[0]);
        assertThat(rep.lost()).as(who + ": value lost in " + t).isEqualTo(v[1]);
        assertThat(rep.jobsCompleted()).as(who + ": jobs completed").isEqualTo(x.jobsCompleted);
        assertThat(rep.jobsFailed()).as(who + ": jobs failed").isEqualTo(x.jobsFailed);
      }
      stakes = stakes.add(x.stake);
    }
    assertThat(w.reader.nativeBalance(w.dep.registry()))
        .as("registry balance = the stakes it holds")
        .isEqualTo(stakes);
  }

  /**
   * Lets every deal and job run out: settles every deal to its end, ends every job, checks after
   * each step, and then that every accepted deal's periods were each settled once.
   */
  void drain() {
    for (int round = 0; round < 20; round++) {
      boolean busy = false;
      for (MarketJob j : w.jobsIn(MarketJobState.POSTED)) {
        w.byAddress.get(j.client()).compute().cancel(j.id());
        busy = true;
      }
      for (MarketJob j : w.jobsIn(MarketJobState.CLAIMED)) {
        w.chain.mineTo(j.deadlineBlock());
        w.stranger.compute().expire(j.id());
        busy = true;
      }
      for (MarketJob j : w.jobsIn(MarketJobState.SUBMITTED)) {
        w.chain.mineTo(j.resultBlock() + j.challengeBlocks());
        w.stranger.compute().finalizeJob(j.id());
        busy = true;
      }
      for (MarketJob j : w.jobsIn(MarketJobState.DISPUTED)) {
        w.chain.mineTo(j.drawBlock());
        w.stranger.compute().drawVerifiers(j.id());
        busy = true;
      }
      for (MarketJob j : w.jobsIn(MarketJobState.DRAWN)) {
        w.chain.mineTo(j.revealEnd());
        w.stranger.compute().resolveDispute(j.id());
        busy = true;
      }
      for (DealInfo d : w.dealsIn(DealState.OPEN)) {
        w.byAddress.get(d.client()).cancelDeal(d.id());
        busy = true;
      }
      for (DealInfo d : w.dealsIn(DealState.ACTIVE)) {
        w.chain.mineTo(w.sp.periodStart(w.reader.marketGenesis(), d.endPeriod()));
        w.stranger.settle(d.id());
        busy = true;
      }
      afterStep();
      if (!busy) {
        break;
      }
    }
    assertThat(w.dealsIn(DealState.ACTIVE)).as("deals still active after draining").isEmpty();
    for (BigInteger id : w.deals.keySet()) {
      DealInfo d = w.reader.deal(id);
      if (d.state() == DealState.ENDED) {
        for (long k = d.firstPeriod(); k < d.endPeriod(); k++) {
          assertThat(w.settled).as("deal %s period %d", id, k).containsKey(id + "/" + k);
        }
      }
    }
    // what is left is the burned share: nobody can take it
    for (String t : List.of(Addresses.ZERO, w.token)) {
      for (ChainClient c : w.all) {
        if (c.withdrawable(c.address(), t).signum() > 0) {
          c.withdraw(t);
        }
        if (c.compute().withdrawable(c.address(), t).signum() > 0) {
          c.compute().withdraw(t);
        }
      }
      assertThat(w.balance(w.dep.market(), t)).isEqualTo(w.reader.withdrawable(BURN, t));
      assertThat(w.balance(w.dep.computeMarket(), t))
          .isEqualTo(w.reader.compute().withdrawable(BURN, t));
    }
    afterStep();
  }
}
