package io.cairn.storage;

import java.util.List;

/** The result of {@link Storage#verify}: blocks whose bytes do not match their multihash. */
public record VerifyReport(long blocksChecked, List<Multihash> corrupt) {
  public VerifyReport {
    corrupt = List.copyOf(corrupt);
  }

  public boolean ok() {
    return corrupt.isEmpty();
  }

  /** Progress while verifying. */
  public record Progress(long blocksChecked, Multihash corruptBlock) {}
}
