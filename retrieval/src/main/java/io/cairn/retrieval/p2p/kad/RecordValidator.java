package io.cairn.retrieval.p2p.kad;

import java.util.List;

/**
 * Checks and ranks the values of one namespace of the DHT's value records (a key {@code /ns/...}),
 * as libp2p's record validators do: the DHT stores and returns only values that pass {@link
 * #validate}, and keeps the best one {@link #select} picks.
 */
public interface RecordValidator {
  /**
   * Checks a value for a key of this namespace.
   *
   * @throws IllegalArgumentException naming what is wrong with it
   */
  void validate(byte[] key, byte[] value);

  /**
   * The index of the best of {@code values} (all of them valid for {@code key}); the first of equal
   * ones.
   */
  int select(byte[] key, List<byte[]> values);
}
