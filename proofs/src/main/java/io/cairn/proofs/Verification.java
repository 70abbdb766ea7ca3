package io.cairn.proofs;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of checking a proof bundle: one check per challenge.
 *
 * @param set the proof set the bundle claims
 * @param checks in challenge order
 */
public record Verification(ProofSet set, List<Check> checks) {
  /**
   * One challenge's check.
   *
   * @param problem why the proof fails, or null when it holds
   */
  public record Check(Challenge challenge, boolean valid, String problem) {}

  public Verification {
    checks = List.copyOf(checks);
  }

  /** Whether every proof holds. */
  public boolean valid() {
    return !checks.isEmpty() && checks.stream().allMatch(Check::valid);
  }

  /** What {@code cairn piece verify} prints: a line per challenge, then the verdict. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    for (Check c : checks) {
      Challenge ch = c.challenge();
      out.add(
          "challenge "
              + ch.number()
              + ": leaf "
              + ch.offset()
              + " of piece "
              + ch.piece()
              + " ("
              + set.pieces().get(ch.piece())
              + "): "
              + (c.valid() ? "ok" : "FAILED, " + c.problem()));
    }
    long failed = checks.stream().filter(c -> !c.valid()).count();
    out.add(
        failed == 0
            ? "verified: "
                + checks.size()
                + " of "
                + checks.size()
                + " challenges of set "
                + set.setId()
            : "NOT VERIFIED: "
                + failed
                + " of "
                + checks.size()
                + " proofs fail for set "
                + set.setId());
    return out;
  }
}
