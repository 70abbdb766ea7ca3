package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class RoutingConfigTest {
  @Test
  void loopbackAddressesOnLanDhtIsAFlagOffByDefault() {
    ObjectNode d = TestConfigs.defaults();
    assertThat(TestConfigs.read(d).network().loopbackOnLanDht()).isFalse();
    String key = "Routing.LoopbackAddressesOnLanDHT";
    assertThat(TestConfigs.read(TestConfigs.with(d, key, "true")).network().loopbackOnLanDht())
        .isTrue();
    assertThat(TestConfigs.read(TestConfigs.with(d, key, "null")).network().loopbackOnLanDht())
        .isFalse();
    assertThatThrownBy(() -> TestConfigs.read(TestConfigs.with(d, key, "\"yes\"")))
        .hasMessageContaining(key);
  }
}
