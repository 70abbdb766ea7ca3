package io.cairn.chain;

import static io.cairn.chain.MarketWorld.FUEL;
import static io.cairn.chain.MarketWorld.MAX_PERIODS;
import static io.cairn.chain.MarketWorld.OUTPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.datatypes.Type;

/**
 * What the contracts must refuse: a random refused action of its own, and the check every refusal
 * passes: the action reverts with the expected custom error, emits no event, mines no block and
 * changes nothing the test observes.
 */
// web3j's ABI API returns the raw Type
@SuppressWarnings("rawtypes")
final class ExpectedRefusals {
  private final MarketWorld w;
  private final MarketEventModel events;

  ExpectedRefusals(MarketWorld w, MarketEventModel events) {
    this.w = w;
    this.events = events;
  }

  /** One of the actions the contracts must refuse, with its custom error. */
  boolean refused() {
    ChainClient c = w.pick(w.clients);
    // an active provider: a retired one's refusals come first, and are the other actions'
    // business
    List<ChainClient> active =
        w.providers.stream().filter(x -> !w.retiredProviders.contains(x.address())).toList();
    if (active.isEmpty()) {
      return false;
    }
    ChainClient p = w.pick(active);
    DevChain.Piece piece = w.pick(w.pieces);
    switch (w.r.nextInt(12)) {
      case 0 ->
          expectRefused(
              "OutsideProviderTerms",
              () ->
                  c.openDeal(
                      new DealTerms(
                          piece.cid(),
                          MAX_PERIODS + 1,
                          BigInteger.TEN.pow(13),
                          p.address(),
                          true)));
      case 1 ->
          expectRefused(
              "OutsideProviderTerms",
              () -> c.openDeal(new DealTerms(piece.cid(), 2, BigInteger.ONE, p.address(), true)));
      case 2 ->
          expectRefused(
              "ProviderNotActive",
              () ->
                  c.openDeal(
                      new DealTerms(
                          piece.cid(), 2, BigInteger.TEN.pow(13), w.stranger.address(), true)));
      case 3 -> {
        DealInfo d = w.anyDeal(DealState.OPEN);
        if (d == null) {
          return false;
        }
        expectRefused("NotProvider", () -> w.stranger.acceptDeal(d.id()));
        expectRefused("NotClient", () -> w.stranger.cancelDeal(d.id()));
      }
      case 4 -> {
        DealInfo d = w.anyDeal(DealState.ACTIVE);
        if (d == null) {
          return false;
        }
        expectRefused("WrongState", () -> w.byAddress.get(d.client()).cancelDeal(d.id()));
        expectRefused("NotParty", () -> w.stranger.terminateDeal(d.id()));
      }
      case 5 -> {
        DealInfo d = w.anyDeal(DealState.ENDED);
        if (d == null) {
          return false;
        }
        expectRefused("WrongState", () -> w.stranger.settle(d.id()));
        expectRefused("WrongState", () -> w.byAddress.get(d.client()).terminateDeal(d.id()));
      }
      case 6 -> {
        MarketJob j = w.anyJob(MarketJobState.POSTED);
        if (j == null) {
          return false;
        }
        expectRefused("NotClient", () -> w.stranger.compute().cancel(j.id()));
        expectRefused(
            w.head() + 1 >= j.deadlineBlock() ? "DeadlinePassed" : "ProviderNotActive",
            () -> w.stranger.compute().claim(j.id()));
      }
      case 7 -> {
        MarketJob j = w.anyJob(MarketJobState.CLAIMED);
        if (j == null) {
          return false;
        }
        expectRefused(
            "NotProvider",
            () -> w.stranger.compute().submitResult(j.id(), OUTPUT, FUEL, new byte[32]));
        expectRefused("WrongState", () -> p.compute().claim(j.id()));
      }
      case 8 -> {
        MarketJob j = w.anyJob(MarketJobState.SUBMITTED);
        if (j == null) {
          return false;
        }
        boolean open = w.head() + 1 <= j.resultBlock() + j.challengeBlocks();
        String expectedError =
            j.engine() != JobRequirements.ENGINE_WASM
                ? "NotVerifiable"
                : open ? "NotEntitledToDispute" : "ChallengeWindowClosed";
        expectRefused(expectedError, () -> w.byAddress.get(j.provider()).compute().dispute(j.id()));
        if (j.engine() == JobRequirements.ENGINE_WASM) {
          expectRefused(expectedError, () -> w.stranger.compute().dispute(j.id()));
          expectRefused(
              "NotCuda", () -> w.byAddress.get(j.client()).compute().acceptResult(j.id()));
        }
      }
      case 9 -> {
        MarketJob j = w.anyJob(MarketJobState.DRAWN);
        if (j == null) {
          return false;
        }
        if (w.head() + 1 <= j.commitEnd()) {
          expectRefused(
              "NotDrawnVerifier",
              () -> w.stranger.compute().commitResult(j.id(), OUTPUT, FUEL, new byte[32]));
        } else {
          expectRefused(
              "CommitPhaseOver",
              () -> w.stranger.compute().commitResult(j.id(), OUTPUT, FUEL, new byte[32]));
        }
      }
      case 10 -> {
        ChainClient who = w.pick(w.all);
        String t = w.pickToken();
        if (who.withdrawable(who.address(), t).signum() != 0) {
          return false;
        }
        expectRefused("NothingToWithdraw", () -> who.withdraw(t));
      }
      default ->
          expectRefused(
              "SelfDeal",
              () ->
                  p.openDeal(
                      new DealTerms(piece.cid(), 2, BigInteger.TEN.pow(13), p.address(), true)));
    }
    return true;
  }

  /** The action reverts with {@code error} and leaves every observed value as it was. */
  void expectRefused(String error, Runnable action) {
    events.absorbEvents();
    List<Object> before = observe();
    long headBefore = w.head();
    try {
      action.run();
      fail("expected the contract to refuse with " + error + ", but it accepted");
    } catch (ChainException e) {
      assertThat(e.errorName()).as("refusal: %s", e.getMessage()).isEqualTo(error);
    }
    assertThat(events.newEvents()).as("events of a refused action").isEmpty();
    assertThat(observe()).as("state after a refused " + error).isEqualTo(before);
    assertThat(w.head()).as("blocks mined by a refused " + error).isEqualTo(headBefore);
    w.tally.merge("refused " + error, 1, Integer::sum);
  }

  /** Everything the checks read, in a fixed order: equal lists mean nothing changed. */
  List<Object> observe() {
    List<Object> o = new ArrayList<>();
    for (String t : List.of(Addresses.ZERO, w.token)) {
      o.add(w.balance(w.dep.market(), t));
      o.add(w.balance(w.dep.computeMarket(), t));
      for (String a : w.accounts()) {
        o.add(w.reader.withdrawable(a, t));
        o.add(w.reader.compute().withdrawable(a, t));
      }
    }
    for (BigInteger id : w.deals.keySet()) {
      o.add(w.reader.deal(id));
      o.add(
          w.reader.view(w.dep.market(), Calls.dealPeriods(id)).stream()
              .map(Type::getValue)
              .toList());
    }
    for (BigInteger id : w.jobs) {
      MarketJob j = w.reader.compute().job(id);
      o.add(List.of(j.state(), j.provider(), j.challenger(), j.bond(), j.resultBlock()));
      o.add(w.held(id));
      o.add(w.reader.compute().verifiers(id));
    }
    for (String a : w.accounts()) {
      o.add(
          w.reader.view(w.dep.registry(), Calls.statusOf(a)).stream().map(Type::getValue).toList());
    }
    return o;
  }
}
