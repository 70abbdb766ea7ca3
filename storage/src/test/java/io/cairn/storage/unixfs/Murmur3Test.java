package io.cairn.storage.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Murmur3Test {
  /**
   * HAMT keys: the first 8 bytes of the multiformats murmur3-x64-128 digest (h1 big-endian, as Go's
   * murmur3.New64 sums it). The JS importer reverses those bytes but its hamt-sharding reads them
   * from the last byte, so buckets come from the first byte: "470.txt" sits in bucket 00 and then
   * 6E in the UnixFS spec's example, as in the Kubo-made gateway-conformance fixture it describes.
   */
  @Test
  void matchesReferenceVectors() {
    assertThat(hex("")).isEqualTo("0000000000000000");
    assertThat(hex("a")).isEqualTo("85555565f6597889");
    assertThat(hex("hello")).isEqualTo("cbd8a7b341bd9b02");
    assertThat(hex("file-123.txt")).isEqualTo("ea94a371bfc2826d");
    assertThat(hex("abcdefghijklmnopq")).isEqualTo("7564747f88bda657");
    assertThat(hex("470.txt")).isEqualTo("006e88df5847e67c");
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
