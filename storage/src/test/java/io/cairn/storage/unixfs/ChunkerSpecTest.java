package io.cairn.storage.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Parsing follows boxo's {@code chunker.FromString}, error messages included. */
class ChunkerSpecTest {
  @Test
  void parsesKubosChunkerStrings() {
    assertThat(ChunkerSpec.parse("size-262144")).isEqualTo(ChunkerSpec.fixed(262144));
    assertThat(ChunkerSpec.parse("")).isEqualTo(ChunkerSpec.fixed(262144));
    assertThat(ChunkerSpec.parse("default")).isEqualTo(ChunkerSpec.fixed(262144));
    assertThat(ChunkerSpec.parse("size-2096896").maxChunkSize()).isEqualTo(2096896);
    assertThat(ChunkerSpec.parse("rabin")).isEqualTo(ChunkerSpec.rabin(87381, 262144, 393216));
    assertThat(ChunkerSpec.parse("rabin-1024")).isEqualTo(ChunkerSpec.rabin(341, 1024, 1536));
    assertThat(ChunkerSpec.parse("rabin-512-1024-2048"))
        .isEqualTo(ChunkerSpec.rabin(512, 1024, 2048));
    assertThat(ChunkerSpec.parse("rabin-min:512-avg:1024-max:2048"))
        .isEqualTo(ChunkerSpec.rabin(512, 1024, 2048));
    assertThat(ChunkerSpec.parse("buzhash")).isEqualTo(ChunkerSpec.buzhash());
    assertThat(ChunkerSpec.parse("buzhash").maxChunkSize()).isEqualTo(512 * 1024);
  }

  @Test
  void printsKubosCanonicalStrings() {
    assertThat(ChunkerSpec.parse("size-1024")).hasToString("size-1024");
    assertThat(ChunkerSpec.parse("rabin")).hasToString("rabin-87381-262144-393216");
    assertThat(ChunkerSpec.parse("buzhash")).hasToString("buzhash");
  }

  @Test
  void rejectsBadSizes() {
    assertError("size-0", "chunker size must be greater than 0");
    assertError(
        "size-2096897", "chunker parameters may not exceed the maximum chunk size of 2096896");
    assertError(
        "size-99999999999999999999",
        "strconv.Atoi: parsing \"99999999999999999999\": value out of range");
    assertError("size-abc", "strconv.Atoi: parsing \"abc\": invalid syntax");
    assertError("size-", "strconv.Atoi: parsing \"\": invalid syntax");
    assertError("size--5", "incorrect chunker string format (expected size-{size})");
    assertError("size-1-2", "incorrect chunker string format (expected size-{size})");
  }

  @Test
  void rejectsBadRabinParameters() {
    assertError("rabin-12-512-1024", "rabin min must be greater than 16");
    assertError("rabin-512-512-1024", "incorrect format: rabin-min must be smaller than rabin-avg");
    assertError("rabin-16-1024-1024", "incorrect format: rabin-avg must be smaller than rabin-max");
    assertError(
        "rabin-16-32-2096897",
        "chunker parameters may not exceed the maximum chunk size of 2096896");
    assertError(
        "rabin-1500000", "chunker parameters may not exceed the maximum chunk size of 2096896");
    assertError("rabin-avg:16-avg:32-max:64", "first label must be min");
    assertError("rabin-min:16-max:32-max:64", "second label must be avg");
    assertError("rabin-min:16-avg:32-min:64", "final label must be max");
    assertError(
        "rabin-1-2",
        "incorrect format (expected 'rabin' 'rabin-[avg]' or 'rabin-[min]-[avg]-[max]'");
    assertError("rabin-30", "rabin min must be greater than 16");
  }

  @Test
  void rejectsUnknownChunkers() {
    assertError("fastcdc", "unrecognized chunker option: fastcdc");
    assertError("Size-10", "unrecognized chunker option: Size-10");
  }

  @Test
  void validatesSpecsBuiltDirectly() {
    assertThatThrownBy(() -> ChunkerSpec.fixed(0))
        .hasMessage("chunker size must be greater than 0");
    assertThatThrownBy(() -> ChunkerSpec.fixed(3 << 20))
        .hasMessageContaining("may not exceed the maximum chunk size");
    assertThatThrownBy(() -> ChunkerSpec.rabin(8, 16, 32))
        .hasMessage("rabin min must be greater than 16");
  }

  private static void assertError(String spec, String message) {
    assertThatThrownBy(() -> ChunkerSpec.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
