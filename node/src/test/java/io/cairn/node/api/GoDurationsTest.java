package io.cairn.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Durations written as Go's {@code time.Duration.String()}, as Kubo prints them: latencies in
 * {@code swarm peers}, ages in {@code stats dht}, limits in {@code name publish}'s errors.
 */
class GoDurationsTest {
  private static String go(Duration d) {
    return GoDurations.format(d);
  }

  @Test
  void underASecondInTheLargestUnitThatFits() {
    assertThat(go(Duration.ZERO)).isEqualTo("0s");
    assertThat(go(Duration.ofNanos(750))).isEqualTo("750ns");
    assertThat(go(Duration.ofNanos(830_000))).isEqualTo("830µs");
    assertThat(go(Duration.ofNanos(1_500_000))).isEqualTo("1.5ms");
    assertThat(go(Duration.ofNanos(12_345_678))).isEqualTo("12.345678ms");
  }

  @Test
  void fromASecondUpInHoursMinutesAndSeconds() {
    assertThat(go(Duration.ofMillis(1000))).isEqualTo("1s");
    assertThat(go(Duration.ofMillis(2100))).isEqualTo("2.1s");
    assertThat(go(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(go(Duration.ofSeconds(120))).isEqualTo("2m0s");
    assertThat(go(Duration.ofSeconds(3605))).isEqualTo("1h0m5s");
    assertThat(go(Duration.ofHours(100))).isEqualTo("100h0m0s");
    assertThat(go(Duration.ofMinutes(-90))).isEqualTo("-1h30m0s");
  }
}
