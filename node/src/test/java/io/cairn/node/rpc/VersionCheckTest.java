package io.cairn.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kubo's {@code DetectNewKuboVersion} rules, on Cairn's agent versions. */
class VersionCheckTest {
  @Test
  void countsReleasedCairnPeersAndThisNode() {
    Map<String, Object> m =
        VersionRpcs.check(
            "0.1.0-dev",
            List.of(
                "cairn/0.2.0/",
                "cairn/0.1.0/abc",
                "cairn/v0.3/",
                "cairn/0.4.0-rc1/",
                "cairn/0.5.0+build/",
                "kubo/0.40.0/",
                "cairn",
                "cairn/not-a-version/"),
            0);
    assertThat(m)
        .containsExactly(
            Map.entry("UpdateAvailable", true),
            Map.entry("RunningVersion", "0.1.0"),
            Map.entry("GreatestVersion", "0.3.0"),
            Map.entry("PeersSampled", 4),
            Map.entry("WithGreaterVersion", 2));
  }

  @Test
  void anUpdateNeedsTheThresholdShareOfPeers() {
    List<String> agents = List.of("cairn/0.2.0/", "cairn/0.1.0/", "cairn/0.1.0/", "cairn/0.1.0/");
    // one peer of five (this node included) is ahead: 20 %
    assertThat(VersionRpcs.check("0.1.0", agents, 20).get("UpdateAvailable")).isEqualTo(true);
    assertThat(VersionRpcs.check("0.1.0", agents, 21).get("UpdateAvailable")).isEqualTo(false);
    assertThat(VersionRpcs.check("0.1.0", List.of(), 0).get("UpdateAvailable")).isEqualTo(false);
    assertThatThrownBy(() -> VersionRpcs.check("0.1.0", agents, 101))
        .hasMessage("Version.SwarmCheckPercentThreshold must be between 1 and 100");
    assertThatThrownBy(() -> VersionRpcs.check("0.1.0", agents, -1))
        .hasMessage("Version.SwarmCheckPercentThreshold must be between 1 and 100");
  }

  @Test
  void versionsReadAsGoVersionReadsThem() {
    assertThat(VersionRpcs.SemVer.parse("v1.2")).isEqualTo(new VersionRpcs.SemVer(1, 2, 0, false));
    assertThat(VersionRpcs.SemVer.parse("1.2.3.4"))
        .isEqualTo(new VersionRpcs.SemVer(1, 2, 3, false));
    assertThat(VersionRpcs.SemVer.parse("1.2.3-rc.1+x").suffixed()).isTrue();
    assertThat(VersionRpcs.SemVer.parse("dev")).isNull();
    assertThat(VersionRpcs.SemVer.parse("1.10.0").compareTo(VersionRpcs.SemVer.parse("1.9.9")))
        .isPositive();
  }
}
