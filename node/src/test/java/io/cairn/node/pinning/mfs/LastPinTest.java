package io.cairn.node.pinning.mfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.config.PinningConfig;
import io.cairn.storage.Cid;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Kubo's rule for when the MFS root goes to a service again, and the policy's defaults. */
class LastPinTest {
  private static final Cid A =
      Cid.parse("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
  private static final Cid B = Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
  private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private static PinningConfig.RemoteService service(String interval) {
    return new PinningConfig.RemoteService(
        "https://pin.example", "key", new PinningConfig.MfsPolicy(true, "", interval));
  }

  @Test
  void anUnchangedRootIsNeverSentAgainHoweverLongAfter() {
    LastPin last = new LastPin(T0, service("1m"), A);
    assertThat(last.skips(service("1m"), A, MINUTE, T0.plusSeconds(1))).isTrue();
    assertThat(last.skips(service("1m"), A, MINUTE, T0.plus(Duration.ofDays(30)))).isTrue();
  }

  @Test
  void aChangedRootWaitsForTheRepinInterval() {
    LastPin last = new LastPin(T0, service("1m"), A);
    assertThat(last.skips(service("1m"), B, MINUTE, T0.plusSeconds(59))).isTrue();
    assertThat(last.skips(service("1m"), B, MINUTE, T0.plusSeconds(60))).isFalse();
    assertThat(last.skips(service("1m"), B, MINUTE, T0.plusSeconds(3600))).isFalse();
  }

  @Test
  void changedServiceSettingsSendTheRootAtOnce() {
    LastPin last = new LastPin(T0, service("1m"), A);
    PinningConfig.RemoteService otherKey =
        new PinningConfig.RemoteService(
            "https://pin.example", "new-key", new PinningConfig.MfsPolicy(true, "", "1m"));
    assertThat(last.skips(otherKey, A, MINUTE, T0.plusSeconds(1))).isFalse();
    assertThat(last.skips(service("2m"), B, MINUTE, T0.plusSeconds(1))).isFalse();
  }

  @Test
  void repinIntervalDefaultsToFiveMinutesAndTakesAnyGoDuration() {
    assertThat(LastPin.repinInterval(new PinningConfig.MfsPolicy(true, "", "")))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(LastPin.repinInterval(new PinningConfig.MfsPolicy(true, "", "1h30m")))
        .isEqualTo(Duration.ofMinutes(90));
    // As Kubo's code (its docs say otherwise), no minimum: a test may use seconds.
    assertThat(LastPin.repinInterval(new PinningConfig.MfsPolicy(true, "", "2s")))
        .isEqualTo(Duration.ofSeconds(2));
    assertThatThrownBy(
            () -> LastPin.repinInterval(new PinningConfig.MfsPolicy(true, "", "INVALID_INTERVAL")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pinNameDefaultsToKubosPolicyName() {
    assertThat(LastPin.pinName(new PinningConfig.MfsPolicy(true, "", ""), "12D3KooWPeer"))
        .isEqualTo("policy/12D3KooWPeer/mfs");
    assertThat(LastPin.pinName(new PinningConfig.MfsPolicy(true, "mine", ""), "12D3KooWPeer"))
        .isEqualTo("mine");
  }
}
