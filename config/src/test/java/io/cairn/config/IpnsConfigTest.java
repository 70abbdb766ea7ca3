package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class IpnsConfigTest {
  @Test
  void usePubsubIsAFlagOffByDefault() {
    ObjectNode d = TestConfigs.defaults();
    assertThat(TestConfigs.read(d).ipns()).isEqualTo(IpnsConfig.defaults());
    assertThat(TestConfigs.read(TestConfigs.with(d, "Ipns.UsePubsub", "true")).ipns().usePubsub())
        .isTrue();
    assertThat(TestConfigs.read(TestConfigs.with(d, "Ipns.UsePubsub", "null")).ipns().usePubsub())
        .isFalse();
    assertThat(TestConfigs.read(TestConfigs.with(d, "Ipns.UsePubsub", "false")).ipns().usePubsub())
        .isFalse();
  }

  @Test
  void refusesAValueThatIsNotAFlag() {
    ObjectNode d = TestConfigs.defaults();
    assertThatThrownBy(() -> TestConfigs.read(TestConfigs.with(d, "Ipns.UsePubsub", "\"yes\"")))
        .hasMessageContaining("Ipns.UsePubsub");
  }
}
