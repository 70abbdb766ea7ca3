package io.cairn.chain;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The open challenge of one of a provider's proof sets (one per client): the period whose window is
 * open now, its seed and the pieces its challenges fall on.
 *
 * @param setId the proof set, which the challenges are derived with
 * @param period the period, counted from the market's deployment
 * @param seed the 32-byte {@code prevrandao} of the seed block
 * @param header the seed block's RLP header, which the proof transaction carries
 * @param seedBlock the block whose {@code prevrandao} is the seed
 * @param windowEnd the last block a proof for this period may be mined in
 * @param count the challenges to answer
 * @param range the challenge range: the set's leaves at the start of the period
 * @param pieces the set's live pieces within the range, in piece order: the challenges fall on
 *     their leaves
 */
public record Challenge(
    long setId,
    long period,
    byte[] seed,
    byte[] header,
    long seedBlock,
    long windowEnd,
    int count,
    long range,
    List<SetPiece> pieces) {
  public Challenge {
    if (seed == null || seed.length != 32) {
      throw new IllegalArgumentException("seed must be 32 bytes");
    }
    seed = seed.clone();
    header = header.clone();
    pieces = List.copyOf(pieces);
  }

  @Override
  public byte[] seed() {
    return seed.clone();
  }

  @Override
  public byte[] header() {
    return header.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Challenge c
        && c.setId == setId
        && c.period == period
        && Arrays.equals(c.seed, seed)
        && Arrays.equals(c.header, header)
        && c.seedBlock == seedBlock
        && c.windowEnd == windowEnd
        && c.count == count
        && c.range == range
        && c.pieces.equals(pieces);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(setId) * 31 + Long.hashCode(period);
  }

  @Override
  public String toString() {
    return "Challenge[set="
        + setId
        + ", period="
        + period
        + ", seed=0x"
        + HexFormat.of().formatHex(seed)
        + ", seedBlock="
        + seedBlock
        + ", windowEnd="
        + windowEnd
        + ", count="
        + count
        + ", range="
        + range
        + ", pieces="
        + pieces.size()
        + "]";
  }
}
