package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.config.ConfigEditor.ValueType;
import io.cairn.storage.Multiaddr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigEditorTest {
  @TempDir Path tmp;
  private RepoPaths paths;
  private ConfigEditor editor;

  @BeforeEach
  void init() {
    paths = new RepoPaths(tmp);
    RepoInitializer.init(paths, List.of(), TestConfigs.IDENTITY);
    editor = ConfigEditor.open(paths);
  }

  private ObjectNode file() {
    return ConfigJson.read(paths.config());
  }

  @Test
  void getsStringsBareAndEverythingElseAsJson() {
    assertThat(editor.get("Addresses.API")).isEqualTo("/ip4/127.0.0.1/tcp/5001");
    assertThat(editor.get("Addresses.Swarm"))
        .isEqualTo("[\n  \"/ip4/0.0.0.0/tcp/4001\",\n  \"/ip6/::/tcp/4001\"\n]");
    assertThat(editor.get("Datastore.HashOnRead")).isEqualTo("true");
    assertThat(editor.get("Import.CidVersion")).isEqualTo("null");
    assertThat(editor.get("Identity.PeerID")).isEqualTo(TestConfigs.IDENTITY.peerId().toString());
    assertThat(editor.getJson("Addresses.Swarm"))
        .isEqualTo("[\"/ip4/0.0.0.0/tcp/4001\",\"/ip6/::/tcp/4001\"]");
  }

  @Test
  void setsFromEditorsOpenAtTheSameTimeAllLand() throws Exception {
    // A daemon runs each RPC call on a thread of its own: 'config' calls that arrive together
    // each open an editor, and no call may undo another's change.
    int writers = 8;
    int rounds = 5;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(writers);
    try {
      java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(writers);
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(
            pool.submit(
                () -> {
                  for (int r = 0; r < rounds; r++) {
                    together.await();
                    ConfigEditor.open(paths)
                        .set("PinningService.Tokens.w" + writer + "r" + r, "t", ValueType.STRING);
                  }
                  return null;
                }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    JsonNode tokens = file().path("PinningService").path("Tokens");
    List<String> missing = new java.util.ArrayList<>();
    for (int w = 0; w < writers; w++) {
      for (int r = 0; r < rounds; r++) {
        if (!tokens.has("w" + w + "r" + r)) {
          missing.add("w" + w + "r" + r);
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void missingKeysFailAsInKubo() {
    assertThatThrownBy(() -> editor.get("Foo"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("failed to get config value: \"Foo not found\"");
    assertThatThrownBy(() -> editor.get("Import.Foo.Bar"))
        .hasMessage("failed to get config value: \"Import.Foo not found\"");
    assertThatThrownBy(() -> editor.get("Addresses.API.Port"))
        .hasMessage("failed to get config value: \"Addresses.API key is not a map\"");
  }

  @Test
  void keepsThePrivateKeyOutOfReach() {
    for (String key : new String[] {"Identity.PrivKey", "identity.privkey", "Identity"}) {
      assertThatThrownBy(() -> editor.get(key))
          .hasMessage("cannot show or change private key through API");
      assertThatThrownBy(() -> editor.set(key, "x", ValueType.STRING))
          .hasMessage("cannot show or change private key through API");
    }
    assertThat(editor.show())
        .doesNotContain("PrivKey")
        .doesNotContain(TestConfigs.IDENTITY.privKey());
  }

  @Test
  void typesPlainValuesByTheKnownSchema() {
    editor.set("Import.CidVersion", "1", ValueType.STRING);
    editor.set("Import.UnixFSRawLeaves", "true", ValueType.STRING);
    editor.set("Import.UnixFSChunker", "size-1048576", ValueType.STRING);
    editor.set("Datastore.StorageMax", "20GB", ValueType.STRING);
    editor.set("Addresses.API", "/ip4/127.0.0.1/tcp/5002", ValueType.STRING);
    ObjectNode file = file();
    assertThat(file.at("/Import/CidVersion").isIntegralNumber()).isTrue();
    assertThat(file.at("/Import/CidVersion").asInt()).isEqualTo(1);
    assertThat(file.at("/Import/UnixFSRawLeaves").isBoolean()).isTrue();
    assertThat(file.at("/Import/UnixFSChunker").asText()).isEqualTo("size-1048576");
    NodeConfig config = NodeConfig.load(paths);
    assertThat(config.importDefaults().cidVersion()).isEqualTo(1);
    assertThat(config.datastore().storageMaxBytes()).isEqualTo(20_000_000_000L);
    assertThat(config.addresses().api())
        .containsExactly(Multiaddr.parse("/ip4/127.0.0.1/tcp/5002"));
  }

  @Test
  void refusesWrongTypesAndInvalidValuesClearlyAndKeepsTheFile() throws Exception {
    byte[] before = Files.readAllBytes(paths.config());
    assertThatThrownBy(() -> editor.set("Import.CidVersion", "x", ValueType.STRING))
        .isInstanceOf(ConfigException.class)
        .hasMessage("failed to set config value: Import.CidVersion must be an integer, not \"x\"");
    assertThatThrownBy(() -> editor.set("Import.CidVersion", "2", ValueType.STRING))
        .hasMessage("failed to set config value: Import.CidVersion must be 0 or 1, not 2");
    assertThatThrownBy(() -> editor.set("Import.CidVersion", "\"1\"", ValueType.JSON))
        .hasMessage(
            "failed to set config value: Import.CidVersion must be an integer, not the string \"1\"");
    assertThatThrownBy(() -> editor.set("Datastore.HashOnRead", "yes", ValueType.STRING))
        .hasMessage(
            "failed to set config value: Datastore.HashOnRead must be true or false, not \"yes\"");
    assertThatThrownBy(() -> editor.set("Addresses.Swarm", "/ip4/0.0.0.0/tcp/1", ValueType.STRING))
        .hasMessage(
            "failed to set config value: Addresses.Swarm must be an array of strings; give it as"
                + " JSON with --json");
    assertThatThrownBy(() -> editor.set("Addresses.API", "/ip4/300.1.1.1/tcp/1", ValueType.STRING))
        .hasMessage(
            "failed to set config value: Addresses.API: multiaddr '/ip4/300.1.1.1/tcp/1':"
                + " '300.1.1.1' is not an IPv4 address");
    assertThatThrownBy(() -> editor.set("Import.CidVersion", "{", ValueType.JSON))
        .hasMessageStartingWith("failed to set config value: failed to unmarshal json. ");
    assertThatThrownBy(() -> editor.set("Import.CidVersion", "true", ValueType.BOOL))
        .hasMessage("failed to set config value: Import.CidVersion must be an integer, not true");
    assertThat(Files.readAllBytes(paths.config())).isEqualTo(before);
  }

  @Test
  void refusesKeysOutsideTheSchemaAsKuboDoes() {
    assertThatThrownBy(() -> editor.set("AutoNAT.ServiceMode", "\"enabled\"", ValueType.JSON))
        .hasMessage("failed to set config value: AutoNAT not found");
    assertThatThrownBy(() -> editor.set("Import.Foo", "1", ValueType.JSON))
        .hasMessage("failed to set config value: Import.Foo not found");
    assertThatThrownBy(() -> editor.set("Import.CidVersion.X", "1", ValueType.JSON))
        .hasMessage("failed to set config value: Import.CidVersion key is not a map");
  }

  @Test
  void setCreatesIntermediateObjectsAndMapEntries() {
    ObjectNode noChain = file();
    noChain.remove("Chain");
    noChain.putNull("API");
    ConfigJson.writeAtomically(paths.config(), ConfigJson.pretty(noChain));
    editor = ConfigEditor.open(paths);
    editor.set(
        "Chain.Contracts.PDPVerifier",
        "0x5A23b7df87f59A291C26A2A1d684AD03Ce9B68DC",
        ValueType.STRING);
    editor.set("API.HTTPHeaders.Access-Control-Allow-Origin", "[\"*\"]", ValueType.JSON);
    editor.set("Gateway.PublicGateways", "{\"localhost\": null}", ValueType.JSON);
    NodeConfig config = NodeConfig.load(paths);
    assertThat(config.chain().contracts())
        .containsEntry("PDPVerifier", "0x5A23b7df87f59A291C26A2A1d684AD03Ce9B68DC");
    assertThat(config.api().httpHeaders())
        .containsEntry("Access-Control-Allow-Origin", List.of("*"));
    assertThat(config.gateway().disabledPublicGateways()).containsExactly("localhost");
    assertThat(editor.get("Chain")).contains("\"PDPVerifier\"");
  }

  @Test
  void boolFlagStoresABoolean() {
    editor.set("Gateway.NoFetch", "true", ValueType.BOOL);
    assertThat(file().at("/Gateway/NoFetch").booleanValue()).isTrue();
    editor.set("Gateway.NoFetch", "yes", ValueType.BOOL);
    assertThat(file().at("/Gateway/NoFetch").booleanValue()).isFalse();
  }

  /** A priority is an integer from 1 or false, as in Kubo; {@code true} is not one. */
  @Test
  void priorityStoresANumberOrFalse() {
    editor.set("Swarm.Transports.Security.Noise", "50", ValueType.STRING);
    assertThat(file().at("/Swarm/Transports/Security/Noise").longValue()).isEqualTo(50);
    editor.set("Swarm.Transports.Security.TLS", "false", ValueType.STRING);
    assertThat(file().at("/Swarm/Transports/Security/TLS").isBoolean()).isTrue();
    assertThatThrownBy(() -> editor.set("Swarm.Transports.Security.TLS", "true", ValueType.STRING))
        .hasMessageContaining("Swarm.Transports.Security.TLS must be an integer from 1");
    assertThatThrownBy(
            () -> editor.set("Swarm.Transports.Security.Noise", "false", ValueType.STRING))
        .hasMessageContaining("disables both TLS and Noise");
    assertThat(file().at("/Swarm/Transports/Security/Noise").longValue()).isEqualTo(50);
  }

  @Test
  void keepsUnknownKeysOrderAndNumbersOnRewrite() throws Exception {
    String kubo = TestConfigs.resource("kubo-config.json");
    ObjectNode tree = ConfigJson.parse(kubo, "kubo");
    ((ObjectNode) tree.get("Swarm")).put("Odd", new java.math.BigDecimal("2.50"));
    ((ObjectNode) tree.get("Swarm"))
        .put("Big", new java.math.BigInteger("123456789012345678901234567890"));
    ConfigJson.writeAtomically(paths.config(), ConfigJson.pretty(tree) + "\n");
    editor = ConfigEditor.open(paths);
    editor.set("Import.CidVersion", "1", ValueType.STRING);

    ObjectNode after = file();
    List<String> keysBefore = fieldNames(tree);
    assertThat(fieldNames(after)).isEqualTo(keysBefore);
    ((ObjectNode) tree.get("Import")).put("CidVersion", 1);
    assertThat(after).isEqualTo(tree);
    String text = Files.readString(paths.config());
    assertThat(text).contains("\"Odd\": 2.50").contains("\"Big\": 123456789012345678901234567890");
    assertThat(text).contains("\"shardFunc\": \"/repo/flatfs/shard/v1/next-to-last/2\"");
  }

  @Test
  void aBrokenValueCanBeRepairedAndDoesNotBlockOtherKeys() {
    ObjectNode broken = TestConfigs.with(file(), "Import.CidVersion", "5");
    ConfigJson.writeAtomically(paths.config(), ConfigJson.pretty(broken));
    editor = ConfigEditor.open(paths);
    editor.set("Gateway.NoFetch", "true", ValueType.STRING);
    assertThatThrownBy(() -> NodeConfig.load(paths)).hasMessageContaining("Import.CidVersion");
    editor.set("Import.CidVersion", "0", ValueType.STRING);
    assertThat(NodeConfig.load(paths).gateway().noFetch()).isTrue();
  }

  @Test
  void peerIdCanOnlyBeSetToTheNodesOwn() {
    String own = TestConfigs.IDENTITY.peerId().toString();
    editor.set("Identity.PeerID", TestConfigs.IDENTITY.peerId().toBase36(), ValueType.STRING);
    assertThat(file().at("/Identity/PeerID").asText()).isEqualTo(own);
    editor.set(
        "Identity.PeerID", "\"" + TestConfigs.IDENTITY.peerId().toCid() + "\"", ValueType.JSON);
    assertThat(file().at("/Identity/PeerID").asText()).isEqualTo(own);
    assertThatThrownBy(
            () ->
                editor.set(
                    "Identity.PeerID",
                    "12D3KooWSCxTfVvMBJbpF75PQmnFdxdBfC1ZxAGYbFc3U9MjALXz",
                    ValueType.STRING))
        .hasMessage(
            "cannot set Identity.PeerID to a value that does not match the node's private key");
  }

  @Test
  void showHidesThePrivateKeyAndAuthorizationsAsKuboDoes() {
    editor.set(
        "API.Authorizations",
        "{\"alice\": {\"AuthSecret\": \"bearer:s3cret\", \"AllowedPaths\": [\"/api/v0\"]}}",
        ValueType.JSON);
    String shown = editor.show();
    JsonNode tree = TestConfigs.json(shown);
    assertThat(tree.at("/Identity/PeerID").asText())
        .isEqualTo(TestConfigs.IDENTITY.peerId().toString());
    assertThat(tree.at("/Identity").has("PrivKey")).isFalse();
    assertThat(tree.at("/API/Authorizations").isObject()).isTrue();
    assertThat(tree.at("/API/Authorizations").isEmpty()).isTrue();
    assertThat(shown).doesNotContain("s3cret");
    assertThat(tree.at("/Addresses/API").asText()).isEqualTo("/ip4/127.0.0.1/tcp/5001");
  }

  @Test
  void replaceKeepsTheKeyAndTheReplacementsUnknownKeys() throws Exception {
    ObjectNode replacement =
        TestConfigs.with(
            TestConfigs.json(editor.show()).deepCopy(),
            "Addresses.API",
            "\"/ip4/127.0.0.1/tcp/6001\"");
    replacement =
        TestConfigs.with(
            replacement,
            "Identity.PeerID",
            "\"12D3KooWSCxTfVvMBJbpF75PQmnFdxdBfC1ZxAGYbFc3U9MjALXz\"");
    replacement = TestConfigs.with(replacement, "Custom.Keep", "[1, 2]");
    editor.replace(ConfigJson.pretty(replacement), "new.json");
    ObjectNode file = file();
    assertThat(file.at("/Identity/PrivKey").asText()).isEqualTo(TestConfigs.IDENTITY.privKey());
    assertThat(file.at("/Identity/PeerID").asText())
        .isEqualTo(TestConfigs.IDENTITY.peerId().toString());
    assertThat(file.at("/Custom/Keep").toString()).isEqualTo("[1,2]");
    assertThat(NodeConfig.load(paths).addresses().api())
        .containsExactly(Multiaddr.parse("/ip4/127.0.0.1/tcp/6001"));
  }

  @Test
  void replaceRefusesAPrivateKeyBadJsonAndInvalidConfigs() throws Exception {
    byte[] before = Files.readAllBytes(paths.config());
    ObjectNode withKey = file();
    assertThatThrownBy(() -> editor.replace(ConfigJson.pretty(withKey), "new.json"))
        .hasMessage("setting private key with API is not supported");
    assertThatThrownBy(() -> editor.replace("{\"Import\": {", "new.json"))
        .hasMessageStartingWith("new.json is not valid JSON: line 1, column 13: ");
    assertThatThrownBy(() -> editor.replace("{\"Import\": {\"CidVersion\": 3}}", "new.json"))
        .hasMessage("new.json: Import.CidVersion must be 0 or 1, not 3");
    assertThat(Files.readAllBytes(paths.config())).isEqualTo(before);
  }

  @Test
  void singleKeysMaySetInAnyOrderButReplaceChecksRulesBetweenKeys() throws Exception {
    editor.set("Chain.Mode", "rpc", ValueType.STRING);
    assertThat(editor.get("Chain.Mode")).isEqualTo("rpc");
    assertThatThrownBy(() -> NodeConfig.load(paths).checkComplete(NodeConfig.source(paths)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "config file " + paths.config() + ": Chain.RpcUrl must be set when Chain.Mode is rpc");
    editor.set("Chain.RpcUrl", "http://127.0.0.1:8545", ValueType.STRING);
    assertThat(NodeConfig.load(paths).checkComplete("c").chain().rpcUrl()).isPresent();

    byte[] before = Files.readAllBytes(paths.config());
    ObjectNode withoutUrl = ConfigSecrets.scrubbed(file());
    ((ObjectNode) withoutUrl.get("Chain")).remove("RpcUrl");
    assertThatThrownBy(() -> editor.replace(ConfigJson.pretty(withoutUrl), "new.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("new.json: Chain.RpcUrl must be set when Chain.Mode is rpc");
    assertThat(Files.readAllBytes(paths.config())).isEqualTo(before);
  }

  @Test
  void appliesAProfileWithABackup() throws Exception {
    String original = Files.readString(paths.config());
    ConfigEditor.ProfileChange dry = editor.applyProfile("test", true);
    assertThat(dry.backup()).isEmpty();
    assertThat(dry.after()).contains("/ip4/127.0.0.1/tcp/0").doesNotContain("PrivKey");
    assertThat(Files.readString(paths.config())).isEqualTo(original);

    ConfigEditor.ProfileChange applied = editor.applyProfile("test", false);
    assertThat(applied.backup()).isPresent();
    assertThat(applied.backup().get().getFileName().toString()).startsWith("config-pre-test-");
    assertThat(Files.readString(applied.backup().get())).isEqualTo(original);
    assertThat(NodeConfig.load(paths).addresses().api())
        .containsExactly(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
    assertThatThrownBy(() -> editor.applyProfile("nope", false))
        .hasMessageStartingWith("unknown profile 'nope'; known: ");
    assertThat(ConfigEditor.profiles()).containsKeys("test", "unixfs-v1-2025", "legacy-cid-v0");
  }

  @Test
  void aShownConfigReplacedBackLosesNoSecret() throws Exception {
    ObjectNode withSecrets =
        TestConfigs.with(
            file(),
            "Pinning.RemoteServices",
            "{\"svc\": {\"API\": {\"Endpoint\": \"https://pin.example\", \"Key\": \"pin-s3cret\"},"
                + " \"Policies\": {}}}");
    withSecrets =
        TestConfigs.with(
            withSecrets,
            "API.Authorizations",
            "{\"alice\": {\"AuthSecret\": \"bearer:auth-s3cret\", \"AllowedPaths\": [\"/api/v0\"]}}");
    ConfigJson.writeAtomically(paths.config(), ConfigJson.pretty(withSecrets));
    editor = ConfigEditor.open(paths);

    String shown = editor.show();
    assertThat(shown).doesNotContain("pin-s3cret").doesNotContain("auth-s3cret");
    assertThat(TestConfigs.json(shown).at("/Pinning/RemoteServices/svc/API/Endpoint").asText())
        .isEqualTo("https://pin.example");
    assertThatThrownBy(() -> editor.get("Pinning.RemoteServices.svc.API.Key"))
        .hasMessage("cannot show or change pinning services credentials");
    assertThatThrownBy(() -> editor.get("pinning"))
        .hasMessage("cannot show or change pinning services credentials");

    editor.replace(
        TestConfigs.with((ObjectNode) TestConfigs.json(shown), "Gateway.NoFetch", "true")
            .toString(),
        "shown.json");
    ObjectNode after = file();
    assertThat(after.at("/Pinning/RemoteServices/svc/API/Key").asText()).isEqualTo("pin-s3cret");
    assertThat(after.at("/API/Authorizations/alice/AuthSecret").asText())
        .isEqualTo("bearer:auth-s3cret");
    assertThat(after.at("/Identity/PrivKey").asText()).isEqualTo(TestConfigs.IDENTITY.privKey());
    assertThat(after.at("/Gateway/NoFetch").asBoolean()).isTrue();

    ObjectNode changedKey =
        TestConfigs.with(
            (ObjectNode) TestConfigs.json(shown),
            "Pinning.RemoteServices.svc.API.Key",
            "\"other\"");
    assertThatThrownBy(() -> editor.replace(changedKey.toString(), "shown.json"))
        .hasMessage("cannot change remote pinning services api info with `config replace`");
  }

  private static List<String> fieldNames(ObjectNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void replaceIdentityWritesBothFieldsOnlyOverTheExpectedKey() {
    Identity fresh = Identity.generate();
    assertThat(editor.identity()).isEqualTo(TestConfigs.IDENTITY);
    assertThatThrownBy(() -> editor.replaceIdentity(fresh, Identity.generate()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("changed while it was being rotated");
    assertThat(file().path("Identity").path("PrivKey").asText())
        .isEqualTo(TestConfigs.IDENTITY.privKey());

    editor.replaceIdentity(TestConfigs.IDENTITY, fresh);
    assertThat(file().path("Identity").path("PeerID").asText())
        .isEqualTo(fresh.peerId().toString());
    assertThat(ConfigEditor.open(paths).identity()).isEqualTo(fresh);
    assertThat(NodeConfig.load(paths).identity().peerId()).isEqualTo(fresh.peerId());
  }
}
