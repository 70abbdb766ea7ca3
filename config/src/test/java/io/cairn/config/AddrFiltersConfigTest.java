package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.storage.AddressMask;
import io.cairn.storage.Multiaddr;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code Swarm.AddrFilters} and the {@code server} and {@code local-discovery} profiles. */
class AddrFiltersConfigTest {
  @Test
  void noNetworkIsFilteredByDefaultAndTheKeyIsWrittenAsKuboWritesIt() {
    ObjectNode defaults = TestConfigs.defaults();
    assertThat(defaults.at("/Swarm/AddrFilters").isNull()).isTrue();
    assertThat(TestConfigs.read(defaults).network().addrFilters()).isEmpty();
    ObjectNode empty = TestConfigs.with(defaults, "Swarm.AddrFilters", "[]");
    assertThat(TestConfigs.read(empty).network().addrFilters()).isEmpty();
    ObjectNode absent = defaults.deepCopy();
    absent.remove("Swarm");
    assertThat(TestConfigs.read(absent).network().addrFilters()).isEmpty();
  }

  @Test
  void readsTheMasksInTheirOrder() {
    ObjectNode tree =
        TestConfigs.with(
            TestConfigs.defaults(),
            "Swarm.AddrFilters",
            "[\"/ip6/fc00::/ipcidr/7\", \"/ip4/10.1.0.0/ipcidr/8\"]");
    assertThat(TestConfigs.read(tree).network().addrFilters())
        .containsExactly(
            AddressMask.parse("/ip6/fc00::/ipcidr/7"), AddressMask.parse("/ip4/10.0.0.0/ipcidr/8"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "`[\"/ip4/10.0.0.0/ipcidr/8\", \"10.0.0.0/8\"]` | Swarm.AddrFilters: incorrectly formatted"
            + " address filter in config: '10.0.0.0/8' (invalid multiaddr-filter format; write"
            + " /ip4/ADDRESS/ipcidr/BITS or /ip6/ADDRESS/ipcidr/BITS)",
        "`[\"/ip4/10.0.0.0/ipcidr/40\"]` | Swarm.AddrFilters: incorrectly formatted address"
            + " filter in config: '/ip4/10.0.0.0/ipcidr/40' (invalid CIDR address: 10.0.0.0/40;",
        "`\"/ip4/10.0.0.0/ipcidr/8\"` | Swarm.AddrFilters must be an array of strings",
        "`[8]` | Swarm.AddrFilters must be an array of strings",
      })
  void refusesABadEntryNamingIt(String json, String message) {
    ObjectNode tree = TestConfigs.with(TestConfigs.defaults(), "Swarm.AddrFilters", json);
    assertThatThrownBy(() -> TestConfigs.read(tree))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("test config: " + message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void kubosServerListIsMadeOfValidMasks() {
    assertThat(Profiles.SERVER_FILTERS).hasSize(19).doesNotHaveDuplicates();
    for (String f : Profiles.SERVER_FILTERS) {
      assertThat(AddressMask.parse(f)).hasToString(f);
    }
  }

  @Test
  void theServerProfileAddsKubosListToBothKeysOnceAndKeepsWhatWasThere() {
    ObjectNode tree =
        TestConfigs.with(
            TestConfigs.with(
                TestConfigs.defaults(),
                "Swarm.AddrFilters",
                "[\"/ip4/1.2.3.0/ipcidr/24\", \"/ip4/10.0.0.0/ipcidr/8\"]"),
            "Addresses.NoAnnounce",
            "[\"/ip4/5.6.7.8/tcp/4001\"]");

    Profiles.apply("server", tree);
    Profiles.apply("server", tree);

    List<String> filters = new ArrayList<>(List.of("/ip4/1.2.3.0/ipcidr/24"));
    filters.addAll(Profiles.SERVER_FILTERS);
    assertThat(texts(tree.at("/Swarm/AddrFilters"))).containsExactlyElementsOf(filters);
    List<String> noAnnounce = new ArrayList<>(List.of("/ip4/5.6.7.8/tcp/4001"));
    noAnnounce.addAll(Profiles.SERVER_FILTERS);
    assertThat(texts(tree.at("/Addresses/NoAnnounce"))).containsExactlyElementsOf(noAnnounce);
    assertThat(tree.at("/Discovery/MDNS/Enabled").asBoolean()).isFalse();

    NodeConfig config = TestConfigs.read(tree);
    assertThat(config.network().addrFilters()).hasSize(20);
    assertThat(config.network().mdns()).isFalse();
    assertThat(config.addresses().noAnnounce()).contains(Multiaddr.parse("/ip6/fc00::/ipcidr/7"));
  }

  @Test
  void theLocalDiscoveryProfileTakesKubosListOutAndLeavesTheOwnEntries() {
    ObjectNode tree =
        TestConfigs.with(
            TestConfigs.defaults(), "Swarm.AddrFilters", "[\"/ip4/1.2.3.0/ipcidr/24\"]");
    Profiles.apply("server", tree);

    Profiles.apply("local-discovery", tree);

    assertThat(texts(tree.at("/Swarm/AddrFilters"))).containsExactly("/ip4/1.2.3.0/ipcidr/24");
    assertThat(texts(tree.at("/Addresses/NoAnnounce"))).isEmpty();
    assertThat(tree.at("/Discovery/MDNS/Enabled").asBoolean()).isTrue();
    assertThat(TestConfigs.read(tree).network().addrFilters())
        .containsExactly(AddressMask.parse("/ip4/1.2.3.0/ipcidr/24"));
  }

  @Test
  void theProfilesApplyToARepoAndAreListed(@TempDir Path dir) {
    RepoPaths paths = new RepoPaths(dir);
    RepoInitializer.init(paths, List.of("server"), TestConfigs.IDENTITY);
    assertThat(NodeConfig.load(paths).network().addrFilters()).hasSize(19);

    ConfigEditor.open(paths).applyProfile("local-discovery", false);
    assertThat(NodeConfig.load(paths).network().addrFilters()).isEmpty();
    assertThat(ConfigEditor.profiles()).containsKeys("server", "local-discovery");
  }

  private static List<String> texts(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(v -> out.add(v.asText()));
    return out;
  }
}
