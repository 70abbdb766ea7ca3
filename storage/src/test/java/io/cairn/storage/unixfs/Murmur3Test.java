package io.cairn.storage.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Murmur3Test {
  /**
   * HAMT keys as the JS importer derives them for parity with Kubo: the first 8 bytes of the
   * multiformats murmur3-x64-128 digest, reversed.
   */
  @Test
  void matchesReferenceVectors() {
    assertThat(hex("")).isEqualTo("0000000000000000");
    assertThat(hex("a")).isEqualTo("897859f665555585");
    assertThat(hex("hello")).isEqualTo("029bbd41b3a7d8cb");
    assertThat(hex("file-123.txt")).isEqualTo("6d82c2bf71a394ea");
    assertThat(hex("abcdefghijklmnopq")).isEqualTo("57a6bd887f746475");
  }

  @Test
  void h1MatchesTheMultiformatsDigestPrefix() {
    assertThat(String.format("%016x", Murmur3.h1("a".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("85555565f6597889");
  }

  private static String hex(String s) {
    return String.format("%016x", Murmur3.hamtKey(s.getBytes(StandardCharsets.UTF_8)));
  }
}
