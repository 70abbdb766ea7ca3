package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinningServiceConfigTest {
  @TempDir Path dir;

  @Test
  void absentSectionHasNoTokensAndATenMinuteTimeout() {
    PinningServiceConfig config = TestConfigs.read(TestConfigs.defaults()).pinningService();
    assertThat(config.tokens()).isEmpty();
    assertThat(config.pinTimeout()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void readsTokensByNameAndTheTimeout() {
    ObjectNode tree =
        TestConfigs.with(
            TestConfigs.defaults(),
            "PinningService",
            "{\"Tokens\": {\"laptop\": \"t0ken-a\", \"ci\": \"t0ken-b\"}, \"PinTimeout\": \"90s\"}");
    PinningServiceConfig config = TestConfigs.read(tree).pinningService();
    assertThat(config.tokens())
        .containsExactly(Map.entry("laptop", "t0ken-a"), Map.entry("ci", "t0ken-b"));
    assertThat(config.pinTimeout()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void rejectsBadTokensAndTimeoutsNamingTheKey() {
    assertThatThrownBy(() -> read("{\"Tokens\": {\"laptop\": \"\"}}"))
        .hasMessageContaining("PinningService.Tokens.laptop is empty");
    assertThatThrownBy(() -> read("{\"Tokens\": {\"laptop\": \"two words\"}}"))
        .hasMessageContaining("PinningService.Tokens.laptop must be printable ASCII");
    assertThatThrownBy(() -> read("{\"Tokens\": {\"laptop\": 7}}"))
        .hasMessageContaining("PinningService.Tokens.laptop must be a string");
    assertThatThrownBy(() -> read("{\"PinTimeout\": \"soon\"}"))
        .hasMessageContaining("PinningService.PinTimeout");
    assertThatThrownBy(() -> read("{\"PinTimeout\": \"0\"}"))
        .hasMessageContaining("PinningService.PinTimeout must be longer than zero");
  }

  @Test
  void showHidesTheTokensAndReplaceKeepsThem() {
    RepoPaths paths = new RepoPaths(dir.resolve("repo"));
    RepoInitializer.init(paths, java.util.List.of());
    ConfigEditor editor = ConfigEditor.open(paths);
    editor.set("PinningService.Tokens.laptop", "pin-s3cret", ConfigEditor.ValueType.STRING);
    editor.set("PinningService.PinTimeout", "2m", ConfigEditor.ValueType.STRING);

    String shown = editor.show();
    assertThat(shown).doesNotContain("pin-s3cret");
    JsonNode tree = TestConfigs.json(shown);
    assertThat(tree.at("/PinningService/Tokens").isObject()).isTrue();
    assertThat(tree.at("/PinningService/Tokens").isEmpty()).isTrue();
    assertThat(tree.at("/PinningService/PinTimeout").asText()).isEqualTo("2m");

    editor.replace(shown, "shown.json");
    NodeConfig after = NodeConfig.load(paths);
    assertThat(after.pinningService().tokens()).containsExactly(Map.entry("laptop", "pin-s3cret"));
    assertThat(after.pinningService().pinTimeout()).isEqualTo(Duration.ofMinutes(2));
  }

  private static NodeConfig read(String section) {
    return TestConfigs.read(TestConfigs.with(TestConfigs.defaults(), "PinningService", section));
  }
}
