package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderConfigTest {
  @TempDir Path dir;

  @Test
  void aNewRepoOffersNothingAndAnAbsentSectionMeansTheSame() {
    ProviderConfig p = TestConfigs.read(TestConfigs.defaults()).provider();
    assertThat(p).isEqualTo(ProviderConfig.defaults());
    assertThat(p.compute().enabled()).isFalse();
    assertThat(p.compute().engines()).containsExactly("wasm");
    assertThat(p.compute().memoryBytes()).isEqualTo(256L << 20);
    assertThat(p.verify().enabled()).isFalse();
    var tree = TestConfigs.defaults();
    tree.remove("Provider");
    assertThat(TestConfigs.read(tree).provider()).isEqualTo(ProviderConfig.defaults());
  }

  @Test
  void readsTheOffer() {
    var tree =
        TestConfigs.with(
            TestConfigs.defaults(),
            "Provider.Compute",
            """
            {"Enabled": true, "Engines": ["wasm", "cuda"], "CpuCores": 8, "MemoryBytes": "4GiB",
             "Concurrency": 3, "MinJobPrice": "1000000000000000000000", "EnergySource": "Solar"}
            """);
    tree = TestConfigs.with(tree, "Provider.Verify.Enabled", "true");
    ProviderConfig p = TestConfigs.read(tree).provider();
    assertThat(p.compute())
        .isEqualTo(
            new ProviderConfig.Compute(
                true,
                List.of("wasm", "cuda"),
                8,
                4L << 30,
                3,
                new BigInteger("1000000000000000000000"),
                "solar",
                false));
    assertThat(p.compute().engineBits()).isEqualTo(3);
    assertThat(p.verify().enabled()).isTrue();
  }

  @Test
  void rejectsBadValuesNamingTheKey() {
    assertThatThrownBy(() -> read("Engines", "[\"tpu\"]"))
        .hasMessageContaining("Provider.Compute.Engines: 'tpu' is not an engine");
    assertThatThrownBy(() -> read("Engines", "[]"))
        .hasMessageContaining("Provider.Compute.Engines must name");
    assertThatThrownBy(() -> read("CpuCores", "0"))
        .hasMessageContaining("Provider.Compute.CpuCores must be at least 1, not 0");
    assertThatThrownBy(() -> read("Concurrency", "0"))
        .hasMessageContaining("Provider.Compute.Concurrency must be between 1 and 1024");
    assertThatThrownBy(() -> read("MinJobPrice", "\"-1\""))
        .hasMessageContaining("Provider.Compute.MinJobPrice must not be negative");
    assertThatThrownBy(() -> read("MinJobPrice", "\"cheap\""))
        .hasMessageContaining("Provider.Compute.MinJobPrice must be a whole number");
    assertThatThrownBy(() -> read("MemoryBytes", "\"lots\""))
        .hasMessageContaining("Provider.Compute.MemoryBytes");
    assertThatThrownBy(() -> read("EnergySource", "\"" + "sun".repeat(11) + "\""))
        .hasMessageContaining("Provider.Compute.EnergySource must fit the registry's 32 bytes");
    assertThatThrownBy(() -> read("Enabled", "\"yes\""))
        .hasMessageContaining("Provider.Compute.Enabled must be true or false");
  }

  @Test
  void lyingForTestsIsRefusedUnlessTheChainIsADevChain() {
    var lying = TestConfigs.with(TestConfigs.defaults(), "Provider.Compute.LieForTests", "true");
    assertThat(
            TestConfigs.read(lying).checkComplete("test config").provider().compute().lieForTests())
        .isTrue();
    var rpc = TestConfigs.with(lying, "Chain.Mode", "\"off\"");
    assertThatThrownBy(() -> TestConfigs.read(rpc).checkComplete("test config"))
        .hasMessageContaining(
            "Provider.Compute.LieForTests is for tests only and needs Chain.Mode dev");
  }

  @Test
  void configSetStoresTypedValues() {
    RepoPaths paths = new RepoPaths(dir.resolve("repo"));
    RepoInitializer.init(paths, List.of());
    ConfigEditor editor = ConfigEditor.open(paths);
    editor.set("Provider.Compute.MinJobPrice", "250", ConfigEditor.ValueType.STRING);
    editor.set("Provider.Compute.Enabled", "true", ConfigEditor.ValueType.STRING);
    editor.set("Provider.Verify.Enabled", "true", ConfigEditor.ValueType.STRING);
    ProviderConfig p = NodeConfig.load(paths).provider();
    assertThat(p.compute().minJobPrice()).isEqualTo(BigInteger.valueOf(250));
    assertThat(p.compute().enabled()).isTrue();
    assertThat(p.verify().enabled()).isTrue();
  }

  private static NodeConfig read(String key, String json) {
    return TestConfigs.read(
        TestConfigs.with(TestConfigs.defaults(), "Provider.Compute." + key, json));
  }
}
