package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ExperimentalConfigTest {
  @Test
  void streamMountingIsOffByDefaultAndWrittenByInit() {
    ObjectNode defaults = TestConfigs.defaults();
    assertThat(defaults.at("/Experimental/Libp2pStreamMounting").isBoolean()).isTrue();
    assertThat(TestConfigs.read(defaults).experimental()).isEqualTo(ExperimentalConfig.defaults());
    assertThat(ExperimentalConfig.defaults().libp2pStreamMounting()).isFalse();
    ObjectNode none = defaults.deepCopy();
    none.remove("Experimental");
    assertThat(TestConfigs.read(none).experimental().libp2pStreamMounting()).isFalse();
  }

  @Test
  void readsTheFlagAndRefusesANonBoolean() {
    ObjectNode d = TestConfigs.defaults();
    assertThat(
            TestConfigs.read(TestConfigs.with(d, "Experimental.Libp2pStreamMounting", "true"))
                .experimental()
                .libp2pStreamMounting())
        .isTrue();
    assertThatThrownBy(
            () ->
                TestConfigs.read(
                    TestConfigs.with(d, "Experimental.Libp2pStreamMounting", "\"yes\"")))
        .hasMessageContaining("Experimental.Libp2pStreamMounting");
  }

  @Test
  void filestoreIsOffByDefaultAndReadUnderKubosName() {
    ObjectNode d = TestConfigs.defaults();
    assertThat(d.at("/Experimental/FilestoreEnabled").asBoolean(true)).isFalse();
    assertThat(ExperimentalConfig.defaults().filestoreEnabled()).isFalse();
    assertThat(
            TestConfigs.read(TestConfigs.with(d, "Experimental.FilestoreEnabled", "true"))
                .experimental()
                .filestoreEnabled())
        .isTrue();
    assertThatThrownBy(
            () -> TestConfigs.read(TestConfigs.with(d, "Experimental.FilestoreEnabled", "1")))
        .hasMessageContaining("Experimental.FilestoreEnabled");
  }

  @Test
  void urlstoreIsOffByDefaultAndOpensTheStorageWithIt() {
    ObjectNode d = TestConfigs.defaults();
    assertThat(d.at("/Experimental/UrlstoreEnabled").asBoolean(true)).isFalse();
    assertThat(ExperimentalConfig.defaults().urlstoreEnabled()).isFalse();
    NodeConfig on = TestConfigs.read(TestConfigs.with(d, "Experimental.UrlstoreEnabled", "true"));
    assertThat(on.experimental().urlstoreEnabled()).isTrue();
    assertThat(on.experimental().filestoreEnabled()).isFalse();
    assertThatThrownBy(
            () -> TestConfigs.read(TestConfigs.with(d, "Experimental.UrlstoreEnabled", "\"on\"")))
        .hasMessageContaining("Experimental.UrlstoreEnabled");
  }
}
