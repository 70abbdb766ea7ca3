package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PubsubConfigTest {
  @Test
  void isOffWithKubosDefaultsUnlessEnabled() {
    ObjectNode defaults = TestConfigs.defaults();
    assertThat(defaults.at("/Pubsub/Router").asText()).isEmpty();
    assertThat(defaults.at("/Pubsub/DisableSigning").asBoolean()).isFalse();
    PubsubConfig p = TestConfigs.read(defaults).pubsub();
    assertThat(p).isEqualTo(PubsubConfig.defaults());
    assertThat(p.enabled()).isFalse();
    assertThat(p.router()).isEqualTo(PubsubConfig.Router.GOSSIPSUB);
    assertThat(p.seenMessagesTtl()).isEqualTo(Duration.ofSeconds(120));
    assertThat(p.enable().enabled()).isTrue();
  }

  @Test
  void readsEnabledRouterAndSeenMessagesTtl() {
    ObjectNode tree =
        TestConfigs.with(
            TestConfigs.with(
                TestConfigs.with(TestConfigs.defaults(), "Pubsub.Enabled", "true"),
                "Pubsub.Router",
                "\"floodsub\""),
            "Pubsub.SeenMessagesTTL",
            "\"5m\"");
    PubsubConfig p = TestConfigs.read(tree).pubsub();
    assertThat(p.enabled()).isTrue();
    assertThat(p.router()).isEqualTo(PubsubConfig.Router.FLOODSUB);
    assertThat(p.seenMessagesTtl()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void refusesBadValuesNamingTheKey() {
    ObjectNode d = TestConfigs.defaults();
    assertThatThrownBy(() -> TestConfigs.read(TestConfigs.with(d, "Pubsub.Router", "\"mesh\"")))
        .hasMessageContaining("Pubsub.Router")
        .hasMessageContaining("floodsub");
    assertThatThrownBy(
            () -> TestConfigs.read(TestConfigs.with(d, "Pubsub.SeenMessagesTTL", "\"soon\"")))
        .hasMessageContaining("Pubsub.SeenMessagesTTL");
    assertThatThrownBy(
            () -> TestConfigs.read(TestConfigs.with(d, "Pubsub.SeenMessagesTTL", "\"0s\"")))
        .hasMessageContaining("Pubsub.SeenMessagesTTL must be positive");
    assertThatThrownBy(() -> TestConfigs.read(TestConfigs.with(d, "Pubsub.Enabled", "\"yes\"")))
        .hasMessageContaining("Pubsub.Enabled");
    assertThatThrownBy(() -> TestConfigs.read(TestConfigs.with(d, "Pubsub.DisableSigning", "true")))
        .hasMessageContaining("Pubsub.DisableSigning");
  }
}
