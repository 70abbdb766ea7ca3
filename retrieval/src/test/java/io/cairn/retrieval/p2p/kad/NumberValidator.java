package io.cairn.retrieval.p2p.kad;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * TEST ONLY: the namespace {@code /num/}: a value is a decimal number (anything else is invalid,
 * and a number at or above {@link #expiredFrom} has "expired"); the highest number is the best.
 */
final class NumberValidator implements RecordValidator {
  volatile long expiredFrom = Long.MAX_VALUE;

  static byte[] key(String name) {
    return ("/num/" + name).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] value(long n) {
    return Long.toString(n).getBytes(StandardCharsets.UTF_8);
  }

  static long number(byte[] value) {
    try {
      return Long.parseLong(new String(value, StandardCharsets.UTF_8));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: " + e.getMessage(), e);
    }
  }

  @Override
  public void validate(byte[] key, byte[] value) {
    if (number(value) >= expiredFrom) {
      throw new IllegalArgumentException("expired");
    }
  }

  @Override
  public int select(byte[] key, List<byte[]> values) {
    int best = 0;
    for (int i = 1; i < values.size(); i++) {
      if (number(values.get(i)) > number(values.get(best))) {
        best = i;
      }
    }
    return best;
  }
}
