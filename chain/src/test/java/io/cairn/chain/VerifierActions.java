package io.cairn.chain;

import static io.cairn.chain.DevChain.ETHER;
import static io.cairn.chain.MarketWorld.offer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/**
 * The verifier log's churn: registered verifiers leaving the draws (their offer no longer verifies)
 * and joining them again, and new accounts registering as verifiers, now and then once the oldest
 * closed entry's {@code VERIFIER_EXIT_BLOCKS} have been mined, so that they take its slot. Each
 * join lands in the slot the registry must give it: the account's own entry while it still holds
 * one, else the oldest entry closed more than {@code VERIFIER_EXIT_BLOCKS} ago, else a new one at
 * the end.
 */
final class VerifierActions {
  private final MarketWorld w;

  VerifierActions(MarketWorld w) {
    this.w = w;
  }

  boolean churn() {
    List<ChainClient> in = new ArrayList<>();
    List<ChainClient> out = new ArrayList<>();
    for (ChainClient v : w.verifiers) {
      if (!w.retired.contains(v.address())) {
        (w.isVerifier(v.address()) ? in : out).add(v);
      }
    }
    switch (w.r.nextInt(3)) {
      case 0 -> {
        if (in.isEmpty()) {
          return false;
        }
        ChainClient v = w.pick(in);
        // registered still, out of the draws: its stake stays until the exit delay passed
        w.leftDraws.put(v.address(), v.compute().setComputeOffer(offer(false)).block());
        return true;
      }
      case 1 -> {
        if (out.isEmpty()) {
          return false;
        }
        ChainClient v = w.pick(out);
        join(v, () -> v.compute().setComputeOffer(offer(true)));
        return true;
      }
      default -> {
        if (w.fresh >= MarketWorld.MAX_FRESH) {
          return false;
        }
        VerifierLog.Entry oldest = oldestClosed(w.verifierLog());
        if (oldest != null && w.r.nextBoolean()) {
          // as a sequence that runs long: the oldest closed slot is free to take
          w.chain.mineTo(oldest.left() + VerifierLog.EXIT_BLOCKS);
        }
        ChainClient v = w.fresh(ETHER);
        v.registerProvider(DevChain.offer("12D3KooWFresh" + v.address()), ETHER);
        w.expected(v.address()).stake = ETHER;
        w.verifiers.add(v);
        join(v, () -> v.compute().setComputeOffer(offer(true)));
        return true;
      }
    }
  }

  /** {@code v} joins the draws by {@code joining}, in the slot the registry must give it. */
  private void join(ChainClient v, Runnable joining) {
    List<VerifierLog.Entry> before = w.verifierLog();
    int own = -1;
    for (int i = 0; i < before.size(); i++) {
      if (before.get(i).account().equals(v.address())) {
        own = i;
      }
    }
    VerifierLog.Entry oldest = oldestClosed(before);
    long next = w.head() + 1;
    int slot;
    String outcome;
    if (own >= 0) {
      slot = own;
      outcome = "=verifier entry reopened";
    } else if (oldest != null && next > oldest.left() + VerifierLog.EXIT_BLOCKS) {
      slot = before.indexOf(oldest);
      outcome = "=verifier slot taken again";
    } else {
      slot = before.size();
      outcome = "=verifier slot appended";
    }
    joining.run();
    List<VerifierLog.Entry> after = w.verifierLog();
    assertThat(after)
        .as("verifier log after %s joined (%s)", v.address(), outcome)
        .hasSize(Math.max(before.size(), slot + 1));
    assertThat(after.get(slot))
        .as("verifier log slot %d after %s joined (%s)", slot, v.address(), outcome)
        .isEqualTo(new VerifierLog.Entry(v.address(), next, 0));
    w.tally.merge(outcome, 1, Integer::sum);
  }

  /** The entry closed longest ago, or null when none is closed. */
  private static VerifierLog.Entry oldestClosed(List<VerifierLog.Entry> log) {
    VerifierLog.Entry oldest = null;
    for (VerifierLog.Entry e : log) {
      if (!e.open() && (oldest == null || e.left() < oldest.left())) {
        oldest = e;
      }
    }
    return oldest;
  }
}
