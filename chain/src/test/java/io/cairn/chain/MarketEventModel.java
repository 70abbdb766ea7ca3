package io.cairn.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.MarketWorld.DealModel;
import io.cairn.chain.MarketWorld.Expected;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Turns the markets' events into the model the checks compare with: each step's new events update
 * every account's expected stake, locked stake, registry counters and reputation, each deal's
 * providers and faults, the settled periods, and each job's drawn and revealing verifiers.
 */
final class MarketEventModel {
  private final MarketWorld w;
  private final Map<BigInteger, Set<String>> revealed = new HashMap<>();
  private final Map<BigInteger, List<String>> drawn = new HashMap<>();

  /** Per disputed job, the accounts in the verifier draws when the dispute was raised. */
  private final Map<BigInteger, Set<String>> inDraws = new HashMap<>();

  /** Per disputed job, the verifier log when the dispute was raised, and the dispute's block. */
  private final Map<BigInteger, LogAtDispute> logAt = new HashMap<>();

  private record LogAtDispute(List<VerifierLog.Entry> log, long block) {}

  /** The last block whose events are absorbed. */
  private long lastLogBlock;

  MarketEventModel(MarketWorld w) {
    this.w = w;
    this.lastLogBlock = w.firstBlock;
  }

  List<Log> newEvents() {
    long head = w.head();
    if (head <= lastLogBlock) {
      return List.of();
    }
    EthFilter f =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(lastLogBlock + 1)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(head)),
            List.of(w.dep.market(), w.dep.computeMarket()));
    try {
      EthLog logs = w.reader.web3().ethGetLogs(f).send();
      if (logs.hasError()) {
        throw new IllegalStateException("eth_getLogs: " + logs.getError().getMessage());
      }
      List<Log> out = new ArrayList<>();
      for (EthLog.LogResult<?> l : logs.getLogs()) {
        out.add((Log) l.get());
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("eth_getLogs failed", e);
    }
  }

  /** Updates the expected registry counters from the markets' events since the last step. */
  void absorbEvents() {
    long head = w.head();
    for (Log log : newEvents()) {
      ChainEvent e = w.reader.abi().decodeEvent(log);
      if (e == null) {
        continue;
      }
      boolean storage = log.getAddress().equalsIgnoreCase(w.dep.market());
      if (storage) {
        storageEvent(e);
      } else {
        computeEvent(e);
      }
    }
    lastLogBlock = head;
  }

  BigInteger num(ChainEvent e, String field) {
    return (BigInteger) e.fields().get(field);
  }

  String addr(ChainEvent e, String field) {
    return Addresses.check((String) e.fields().get(field), field);
  }

  void storageEvent(ChainEvent e) {
    BigInteger spd = w.sp.stakePerDeal();
    switch (e.name()) {
      case "DealAccepted" -> {
        Expected x = w.expected(addr(e, "provider"));
        x.activeDeals++;
        x.locked = x.locked.add(spd);
        DealModel m = w.deals.get(e.dealId());
        m.currentFrom = w.reader.deal(e.dealId()).firstPeriod();
        m.currentFaults = 0;
      }
      case "DealTakenOver" -> {
        w.tally.merge("=deal taken over", 1, Integer::sum);
        DealModel m = w.deals.get(e.dealId());
        m.previous = addr(e, "previous");
        m.provider = addr(e, "provider");
        m.switchPeriod = num(e, "switchPeriod").longValueExact();
        m.previousFrom = m.currentFrom;
        m.previousFaults = m.currentFaults;
        m.currentFrom = m.switchPeriod;
        m.currentFaults = 0;
        Expected x = w.expected(m.provider);
        x.activeDeals++;
        x.locked = x.locked.add(spd);
      }
      case "PeriodsSettled" -> settled(e);
      case "DealEnded" -> {
        DealModel m = w.deals.get(e.dealId());
        long end = w.reader.deal(e.dealId()).endPeriod();
        if (m.previous != null) {
          endPrevious(m, end); // a deal that ended on termination, with no settle
        }
        Expected x = w.expected(m.provider);
        x.activeDeals--;
        x.locked = x.locked.subtract(spd);
        w.tally.merge("=deal ended", 1, Integer::sum);
        boolean failed = m.currentFaults * 2L > end - Math.min(m.currentFrom, end);
        assertThat((Boolean) e.fields().get("failed"))
            .as("deal %s failed, judged on its last provider's periods", e.dealId())
            .isEqualTo(failed);
        if (failed) {
          w.tally.merge("=deal failed", 1, Integer::sum);
          x.dealsFailed++;
          x.stake = x.stake.subtract(spd);
        } else {
          x.dealsCompleted++;
        }
      }
      default -> {}
    }
  }

  /** Counts each settled period once, proven or faulted as its set's proven bit says. */
  void settled(ChainEvent e) {
    DealModel m = w.deals.get(e.dealId());
    DealInfo d = w.reader.deal(e.dealId());
    long from = num(e, "fromPeriod").longValueExact();
    long to = num(e, "toPeriod").longValueExact();
    long proven = 0;
    long faulted = 0;
    BigInteger price = d.pricePerPeriod();
    BigInteger slash =
        price.multiply(BigInteger.valueOf(w.sp.slashPercent())).divide(BigInteger.valueOf(100));
    for (long k = from; k < to; k++) {
      boolean byPrevious = m.previous != null && k < m.switchPeriod;
      String who = byPrevious ? m.previous : m.provider;
      boolean ok = w.isProven(w.reader.setOf(who, d.client()), k);
      Boolean earlier = w.settled.put(e.dealId() + "/" + k, ok);
      assertThat(earlier).as("deal %s period %d settled twice", e.dealId(), k).isNull();
      Expected x = w.expected(who);
      if (!ok && byPrevious) {
        m.previousFaults++;
      } else if (!ok) {
        m.currentFaults++;
      }
      if (ok) {
        proven++;
        x.periodsProven++;
        x.value(d.token(), price, BigInteger.ZERO);
      } else {
        faulted++;
        x.periodsFaulted++;
        x.value(d.token(), BigInteger.ZERO, price.add(slash));
      }
    }
    assertThat(proven).as("proven periods of %s", e).isEqualTo(num(e, "proven").longValue());
    assertThat(faulted).as("faulted periods of %s", e).isEqualTo(num(e, "faulted").longValue());
    if (m.previous != null && (to >= m.switchPeriod || to == d.endPeriod())) {
      endPrevious(m, d.endPeriod());
    }
  }

  /**
   * The previous provider's periods are all settled: its part of the deal ends, failed when it
   * faulted more than half of the periods it served (its stake slashed), else well.
   */
  void endPrevious(DealModel m, long endPeriod) {
    Expected x = w.expected(m.previous);
    x.activeDeals--;
    x.locked = x.locked.subtract(w.sp.stakePerDeal());
    long until = Math.min(m.switchPeriod, endPeriod);
    if (m.previousFaults * 2L > Math.max(0, until - m.previousFrom)) {
      w.tally.merge("=previous provider failed", 1, Integer::sum);
      x.dealsFailed++;
      x.stake = x.stake.subtract(w.sp.stakePerDeal());
    } else {
      x.dealsCompleted++;
    }
    m.previous = null;
  }

  void computeEvent(ChainEvent e) {
    BigInteger jobId = num(e, "jobId");
    if (jobId == null) {
      return;
    }
    MarketJob j = w.reader.compute().job(jobId);
    BigInteger spj = w.cp.stakePerJob();
    BigInteger spv = w.cp.stakePerVerifier();
    switch (e.name()) {
      case "JobClaimed" -> {
        Expected x = w.expected(addr(e, "provider"));
        x.locked = x.locked.add(spj);
      }
      case "JobPaid" -> {
        Expected x = w.expected(addr(e, "provider"));
        x.locked = x.locked.subtract(spj);
        x.jobsCompleted++;
        x.value(j.token(), j.price(), BigInteger.ZERO);
      }
      case "ResultRejected" -> {
        Expected x = w.expected(j.provider());
        x.locked = x.locked.subtract(spj);
      }
      case "JobExpired" -> {
        w.tally.merge("=job expired", 1, Integer::sum);
        failedJob(j);
      }
      case "JobDisputed" -> {
        inDraws.put(jobId, Set.copyOf(w.inDraws()));
        // read in the step that raised the dispute: no verifier joined or left since
        logAt.put(
            jobId,
            new LogAtDispute(
                w.verifierLog(), num(e, "drawBlock").longValueExact() - w.cp.lookahead()));
      }
      case "VerifiersDrawn" -> {
        List<String> vs = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (JobVerifier v : w.reader.compute().verifiers(jobId)) {
          all.add(v.address());
          if (v.staked()) {
            vs.add(v.address());
            Expected x = w.expected(v.address());
            x.locked = x.locked.add(spv);
          }
        }
        // drawn from those in the draws when the dispute was raised, whatever changed since
        assertThat(all)
            .as("verifiers drawn for job %s", jobId)
            .hasSize(num(e, "count").intValueExact())
            .doesNotHaveDuplicates()
            .doesNotContain(j.provider(), j.client(), j.challenger())
            .allMatch(inDraws.getOrDefault(jobId, Set.of())::contains);
        // exactly the draw the log at the dispute gives, whatever slots were taken again since
        LogAtDispute at = logAt.remove(jobId);
        assertThat(at).as("job %s drawn without its dispute seen", jobId).isNotNull();
        assertThat(all)
            .as("verifiers drawn for job %s = the draw over the log at its dispute", jobId)
            .isEqualTo(VerifierLog.expectedDraw(j, num(e, "seed"), at.log(), at.block()));
        if (!w.verifierLog().subList(0, at.log().size()).equals(at.log())) {
          w.tally.merge("=draw over slots changed since the dispute", 1, Integer::sum);
        }
        drawn.put(jobId, vs);
      }
      case "DisputeUndecided" -> {
        // the provider's stake for the job is unlocked, neither slashed nor counted
        Expected x = w.expected(j.provider());
        x.locked = x.locked.subtract(spj);
        assertThat(j.state()).isEqualTo(MarketJobState.REFUNDED);
      }
      case "ResultRevealed" ->
          revealed.computeIfAbsent(jobId, k -> new HashSet<>()).add(addr(e, "verifier"));
      case "DisputeResolved" -> {
        BigInteger agreed = num(e, "agreed");
        BigInteger disagreed = num(e, "disagreed");
        // a strict majority of K decides; anything less is no decision
        BigInteger half = BigInteger.valueOf(j.verifiers() / 2);
        boolean stands = agreed.compareTo(half) > 0;
        boolean overturned = disagreed.compareTo(half) > 0;
        assertThat((Boolean) e.fields().get("resultStands")).isEqualTo(stands);
        w.tally.merge(
            stands ? "=dispute lost" : overturned ? "=dispute won" : "=dispute undecided",
            1,
            Integer::sum);
        if (overturned) {
          failedJob(j);
        }
        Set<String> shown = revealed.getOrDefault(jobId, Set.of());
        for (String v : drawn.getOrDefault(jobId, List.of())) {
          Expected x = w.expected(v);
          x.locked = x.locked.subtract(spv);
          if (!shown.contains(v)) {
            x.stake = x.stake.subtract(spv);
          }
        }
      }
      default -> {}
    }
  }

  void failedJob(MarketJob j) {
    Expected x = w.expected(j.provider());
    x.locked = x.locked.subtract(w.cp.stakePerJob());
    x.stake = x.stake.subtract(w.cp.stakePerJob());
    x.jobsFailed++;
    x.value(j.token(), BigInteger.ZERO, j.price());
  }
}
