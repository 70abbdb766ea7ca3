package io.cairn.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Kubo's {@code cmdutils.CleanAndTrim}, case by case. */
class PeerTextTest {
  @Test
  void plainTextIsKept() {
    assertThat(PeerText.clean("kubo/0.39.0/abc")).isEqualTo("kubo/0.39.0/abc");
    assertThat(PeerText.clean("héllo 世界 🚀")).isEqualTo("héllo 世界 🚀");
  }

  @Test
  void controlFormatAndSurrogateCodePointsAreReplacedNotDeleted() {
    assertThat(PeerText.clean("a\u001b[31mred")).isEqualTo("a\uFFFD[31mred");
    assertThat(PeerText.clean("line\nbreak\r")).isEqualTo("line\uFFFDbreak\uFFFD");
    // Right-to-left override and zero-width space are format characters.
    assertThat(PeerText.clean("x\u202Ey\u200Bz")).isEqualTo("x\uFFFDy\uFFFDz");
    assertThat(PeerText.clean("lone \uD800 surrogate")).isEqualTo("lone \uFFFD surrogate");
    // Private use is kept, as the spec says.
    assertThat(PeerText.clean("\uE000")).isEqualTo("\uE000");
  }

  @Test
  void spacesAreTrimmedButReplacedControlsAreNot() {
    assertThat(PeerText.clean("  agent \u00A0\u2003")).isEqualTo("agent");
    // Go's TrimSpace runs after the replacement: a trailing newline is U+FFFD by then.
    assertThat(PeerText.clean(" agent\n")).isEqualTo("agent\uFFFD");
  }

  @Test
  void atMost128CodePointsAreKept() {
    assertThat(PeerText.clean("a".repeat(200))).isEqualTo("a".repeat(128));
    String rockets = "🚀".repeat(130);
    assertThat(PeerText.clean(rockets)).isEqualTo("🚀".repeat(128));
  }
}
