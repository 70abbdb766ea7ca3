package io.cairn.storage;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Storage#removeBlock} did with a block.
 *
 * @param outcome removed, or why not
 * @param pin the pin that holds the block, for {@link Outcome#PINNED}
 */
public record BlockRemoval(Outcome outcome, Optional<PinStore.PinType> pin) {
  /** Removed, or why not. */
  public enum Outcome {
    REMOVED,
    /** The repo does not hold the block (or it is an identity CID, held by no repo). */
    NOT_HELD,
    /** A pin holds the block (directly, recursively or as part of a pinned DAG). */
    PINNED,
    /** A write in progress (an add or import not yet pinned) has written or found the block. */
    IN_USE
  }

  public BlockRemoval {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(pin, "pin");
    if (pin.isPresent() != (outcome == Outcome.PINNED)) {
      throw new IllegalArgumentException("a pin is named exactly when the outcome is PINNED");
    }
  }

  public static BlockRemoval of(Outcome outcome) {
    return new BlockRemoval(outcome, Optional.empty());
  }

  public static BlockRemoval pinned(PinStore.PinType pin) {
    return new BlockRemoval(Outcome.PINNED, Optional.of(pin));
  }
}
