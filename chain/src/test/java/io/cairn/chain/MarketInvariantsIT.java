package io.cairn.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Seeded random sequences of every action on both markets, interleaved with mined blocks, on one
 * Anvil (a fresh deployment per sequence). After every step: each market's native and token
 * balances equal what its views say it owes; every settled storage period is proven or faulted,
 * once; the registry's counters equal what the events seen so far add up to; the verifier log
 * agrees with the registry's views and holds no more slots than were in use at once (verifiers
 * leave and rejoin, new ones take slots closed long enough ago), and each dispute draws exactly the
 * verifiers the log as it stood at the dispute gives; and an action the contract must refuse
 * reverts with the expected custom error and changes nothing.
 *
 * <p>{@code -Dinvariants.seed=S} replays one sequence; {@code -Dinvariants.sequences=N} and {@code
 * -Dinvariants.steps=M} run more.
 */
@Tag("chain")
class MarketInvariantsIT {
  private static final int PIECE_BYTES = 2200;

  @Test
  void randomSequencesOnBothMarketsKeepBalancesPeriodsAndCountersTrue() {
    String replay = System.getProperty("invariants.seed");
    int sequences = Integer.getInteger("invariants.sequences", 2);
    int steps = Integer.getInteger("invariants.steps", 150);
    List<Long> seeds = new ArrayList<>();
    if (replay != null) {
      seeds.add(Long.parseLong(replay));
    } else {
      Random r = new Random();
      for (int i = 0; i < sequences; i++) {
        seeds.add(r.nextLong());
      }
    }
    try (DevChain chain = new DevChain(MarketParams.dev())) {
      List<DevChain.Piece> pieces = new ArrayList<>();
      // three sizes with as many leaves apart, all in trees of one height: a proof answering
      // another seed's challenges fails on a leaf, never on its path's length
      for (int i = 0; i < 3; i++) {
        pieces.add(DevChain.piece(1000 + i, PIECE_BYTES + 700 * i));
      }
      for (long seed : seeds) {
        System.out.println(
            "MarketInvariantsIT seed " + seed + " (replay with -Dinvariants.seed=" + seed + ")");
        long start = System.nanoTime();
        try (MarketSequence sequence = new MarketSequence(chain, pieces, seed)) {
          sequence.run(steps);
          System.out.printf(
              Locale.ROOT,
              "MarketInvariantsIT seed %d: %d steps in %.1f s, %s%n",
              seed,
              steps,
              (System.nanoTime() - start) / 1e9,
              sequence.tally());
        } catch (AssertionError | RuntimeException e) {
          throw new AssertionError("sequence with seed " + seed + " failed: " + e.getMessage(), e);
        }
      }
    }
  }
}
