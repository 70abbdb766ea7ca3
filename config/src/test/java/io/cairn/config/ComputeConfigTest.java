package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComputeConfigTest {
  @TempDir Path dir;

  @Test
  void aNewRepoRunsTwoJobsAtOnceAndAnAbsentSectionMeansTheSame() {
    assertThat(TestConfigs.read(TestConfigs.defaults()).compute().concurrency()).isEqualTo(2);
    assertThat(TestConfigs.defaults().at("/Compute/Concurrency").asInt()).isEqualTo(2);
    var tree = TestConfigs.defaults();
    tree.remove("Compute");
    assertThat(TestConfigs.read(tree).compute().concurrency()).isEqualTo(2);
    assertThat(TestConfigs.read(TestConfigs.with(tree, "Compute", "{\"Concurrency\": null}")))
        .extracting(c -> c.compute().concurrency())
        .isEqualTo(2);
  }

  @Test
  void readsTheConcurrency() {
    assertThat(read("8").compute().concurrency()).isEqualTo(8);
  }

  @Test
  void rejectsConcurrenciesOutOfRangeOrOfTheWrongTypeNamingTheKey() {
    for (String bad : List.of("0", "-1", "1025")) {
      assertThatThrownBy(() -> read(bad))
          .hasMessageContaining("Compute.Concurrency must be between 1 and 1024, not " + bad);
    }
    assertThatThrownBy(() -> read("\"two\""))
        .hasMessageContaining("Compute.Concurrency must be an integer");
    assertThatThrownBy(() -> read("99999999999"))
        .hasMessageContaining("Compute.Concurrency is out of range");
  }

  @Test
  void configSetStoresANumberAndRefusesAnInvalidOne() {
    RepoPaths paths = new RepoPaths(dir.resolve("repo"));
    RepoInitializer.init(paths, List.of());
    ConfigEditor editor = ConfigEditor.open(paths);
    editor.set("Compute.Concurrency", "4", ConfigEditor.ValueType.STRING);
    assertThat(NodeConfig.load(paths).compute().concurrency()).isEqualTo(4);
    assertThatThrownBy(() -> editor.set("Compute.Concurrency", "0", ConfigEditor.ValueType.STRING))
        .hasMessageContaining("Compute.Concurrency must be between 1 and 1024");
    assertThat(NodeConfig.load(paths).compute().concurrency()).isEqualTo(4);
  }

  private static NodeConfig read(String concurrency) {
    return TestConfigs.read(
        TestConfigs.with(TestConfigs.defaults(), "Compute.Concurrency", concurrency));
  }
}
