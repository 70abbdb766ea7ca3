package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.codec.KeyProtobuf;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeConfigTest {
  @Test
  void defaultsAreKubosWhereKuboHasThem() {
    NodeConfig config = TestConfigs.read(TestConfigs.defaults());
    assertThat(config.peerId()).isEqualTo(TestConfigs.IDENTITY.peerId());
    assertThat(config.identity().key().privKey()).isEqualTo(TestConfigs.IDENTITY.privKey());
    assertThat(config.addresses().api())
        .containsExactly(Multiaddr.parse("/ip4/127.0.0.1/tcp/5001"));
    assertThat(config.addresses().gateway())
        .containsExactly(Multiaddr.parse("/ip4/127.0.0.1/tcp/8080"));
    assertThat(config.addresses().swarm())
        .containsExactly(
            Multiaddr.parse("/ip4/0.0.0.0/tcp/4001"), Multiaddr.parse("/ip6/::/tcp/4001"));
    assertThat(config.addresses().announce()).isEmpty();
    assertThat(config.datastore().storageMaxBytes()).isEqualTo(10_000_000_000L);
    assertThat(config.datastore().storageGcWatermark()).isEqualTo(90);
    assertThat(config.datastore().gcPeriod()).isEqualTo(Duration.ofHours(1));
    assertThat(config.datastore().hashOnRead()).isTrue();
    assertThat(config.importDefaults()).isEqualTo(ImportDefaults.UNSET);
    assertThat(config.api().httpHeaders()).isEmpty();
    assertThat(config.api().authorizations()).isEmpty();
    assertThat(config.gateway().deserializedResponses()).isTrue();
    assertThat(config.gateway().noDnsLink()).isFalse();
    assertThat(config.gateway().publicGateways()).isEmpty();
    assertThat(config.gateway().rootRedirect()).isEmpty();
    assertThat(config.chain()).isEqualTo(ChainConfig.defaults());
  }

  @Test
  void mdnsIsOnUnlessDiscoveryMdnsEnabledIsFalse() {
    ObjectNode defaults = TestConfigs.defaults();
    assertThat(defaults.at("/Discovery/MDNS/Enabled").asBoolean()).isTrue();
    assertThat(TestConfigs.read(defaults).network().mdns()).isTrue();
    assertThat(
            TestConfigs.read(TestConfigs.with(defaults, "Discovery.MDNS.Enabled", "null"))
                .network()
                .mdns())
        .isTrue();
    assertThat(
            TestConfigs.read(TestConfigs.with(defaults, "Discovery.MDNS.Enabled", "false"))
                .network()
                .mdns())
        .isFalse();
  }

  /**
   * Provide.Strategy (Kubo's current key) wins over Reprovider.Strategy (its older one); neither
   * means all, as in Kubo; an MFS strategy, which needs MFS, is refused by name.
   */
  @Test
  void readsTheProvideStrategyUnderEitherKey() {
    ObjectNode defaults = TestConfigs.defaults();
    assertThat(TestConfigs.read(defaults).network().provideStrategy())
        .isEqualTo(NetworkConfig.ProvideStrategy.ALL);
    ObjectNode old = TestConfigs.with(defaults, "Reprovider.Strategy", "\"roots\"");
    assertThat(TestConfigs.read(old).network().provideStrategy())
        .isEqualTo(NetworkConfig.ProvideStrategy.ROOTS);
    ObjectNode both = TestConfigs.with(old, "Provide.Strategy", "\"pinned\"");
    assertThat(TestConfigs.read(both).network().provideStrategy())
        .isEqualTo(NetworkConfig.ProvideStrategy.PINNED);
    ObjectNode mfs = TestConfigs.with(defaults, "Provide.Strategy", "\"pinned+mfs\"");
    assertThat(TestConfigs.read(mfs).network().provideStrategy())
        .isEqualTo(NetworkConfig.ProvideStrategy.PINNED_MFS);
    ObjectNode mfsOnly = TestConfigs.with(defaults, "Provide.Strategy", "\"mfs\"");
    assertThat(TestConfigs.read(mfsOnly).network().provideStrategy())
        .isEqualTo(NetworkConfig.ProvideStrategy.MFS);
    ObjectNode unknown = TestConfigs.with(defaults, "Provide.Strategy", "\"flat+unique\"");
    assertThatThrownBy(() -> TestConfigs.read(unknown))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Provide.Strategy")
        .hasMessageContaining("flat+unique");
  }

  /**
   * Swarm.Transports.Security as Kubo reads it: TLS (100) before Noise (300) by default, a lower
   * priority goes first, false disables, and disabling both is refused.
   */
  @Test
  void readsTheSecurityProtocolsByPriority() {
    ObjectNode defaults = TestConfigs.defaults();
    assertThat(TestConfigs.read(defaults).network().security())
        .containsExactly(NetworkConfig.Security.TLS, NetworkConfig.Security.NOISE);
    ObjectNode noiseFirst = TestConfigs.with(defaults, "Swarm.Transports.Security.Noise", "50");
    assertThat(TestConfigs.read(noiseFirst).network().security())
        .containsExactly(NetworkConfig.Security.NOISE, NetworkConfig.Security.TLS);
    ObjectNode noTls = TestConfigs.with(defaults, "Swarm.Transports.Security.TLS", "false");
    assertThat(TestConfigs.read(noTls).network().security())
        .containsExactly(NetworkConfig.Security.NOISE);
    ObjectNode none = TestConfigs.with(noTls, "Swarm.Transports.Security.Noise", "false");
    assertThatThrownBy(() -> TestConfigs.read(none))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("disables both TLS and Noise");
    ObjectNode zero = TestConfigs.with(defaults, "Swarm.Transports.Security.TLS", "0");
    assertThatThrownBy(() -> TestConfigs.read(zero))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Swarm.Transports.Security.TLS");
  }

  /**
   * Kubo's Peering.Peers: {ID, Addrs} entries; an address may carry the peer's own /p2p/ID, which
   * is dropped; a wrong shape, ID or address is refused naming the entry.
   */
  @Test
  void readsThePeeringPeers() {
    String id = "12D3KooWSCxTfVvMBJbpF75PQmnFdxdBfC1ZxAGYbFc3U9MjALXz";
    ObjectNode defaults = TestConfigs.defaults();
    assertThat(TestConfigs.read(defaults).network().peering()).isEmpty();
    ObjectNode two =
        TestConfigs.with(
            defaults,
            "Peering.Peers",
            "[{\"ID\": \""
                + id
                + "\", \"Addrs\": [\"/ip4/192.0.2.7/tcp/4001\", \"/ip4/192.0.2.8/tcp/4001/p2p/"
                + id
                + "\"]}, {\"ID\": \"QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN\"}]");
    assertThat(TestConfigs.read(two).network().peering())
        .containsExactly(
            new NetworkConfig.PeeringPeer(
                PeerId.parse(id),
                java.util.List.of(
                    Multiaddr.parse("/ip4/192.0.2.7/tcp/4001"),
                    Multiaddr.parse("/ip4/192.0.2.8/tcp/4001"))),
            new NetworkConfig.PeeringPeer(
                PeerId.parse("QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN"),
                java.util.List.of()));

    assertThatThrownBy(
            () ->
                TestConfigs.read(TestConfigs.with(defaults, "Peering.Peers", "[{\"ID\": \"x\"}]")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Peering.Peers[0].ID");
    assertThatThrownBy(
            () -> TestConfigs.read(TestConfigs.with(defaults, "Peering.Peers", "[\"" + id + "\"]")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Peering.Peers[0] must be an object");
    assertThatThrownBy(
            () ->
                TestConfigs.read(
                    TestConfigs.with(
                        defaults,
                        "Peering.Peers",
                        "[{\"ID\": \""
                            + id
                            + "\", \"Addrs\": [\"/ip4/1.2.3.4/tcp/1/p2p/"
                            + "QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN\"]}]")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("names another peer");
  }

  @Test
  void absentSectionsTakeTheDefaults() {
    ObjectNode tree = ConfigJson.MAPPER.createObjectNode();
    tree.set("Identity", TestConfigs.defaults().get("Identity"));
    NodeConfig sparse = TestConfigs.read(tree);
    NodeConfig full = TestConfigs.read(TestConfigs.defaults());
    assertThat(sparse).isEqualTo(full);
  }

  @Test
  void readsAConfigKuboWrote() {
    NodeConfig config =
        NodeConfig.parse(TestConfigs.resource("kubo-config.json"), "kubo-config.json");
    assertThat(config.peerId().toString())
        .isEqualTo("12D3KooWSCxTfVvMBJbpF75PQmnFdxdBfC1ZxAGYbFc3U9MjALXz");
    assertThat(config.addresses().swarm()).hasSize(8);
    assertThat(config.addresses().swarm().get(4).toString())
        .isEqualTo("/ip4/0.0.0.0/udp/4001/quic-v1/webtransport");
    assertThat(config.datastore().hashOnRead()).isFalse();
    assertThat(config.datastore().storageMaxBytes()).isEqualTo(10_000_000_000L);
    assertThat(config.importDefaults()).isEqualTo(ImportDefaults.UNSET);
    assertThat(config.chain().mode()).isEqualTo(ChainConfig.Mode.DEV);
  }

  @Test
  void handsStorageItsOptions() {
    ObjectNode tree = TestConfigs.with(TestConfigs.defaults(), "Datastore.StorageMax", "\"2GiB\"");
    tree = TestConfigs.with(tree, "Datastore.HashOnRead", "false");
    RepoPaths paths = new RepoPaths(Path.of("/var/lib/cairn"));
    StorageOptions options = TestConfigs.read(tree).storageOptions(paths);
    assertThat(options)
        .isEqualTo(new StorageOptions(Path.of("/var/lib/cairn/datastore"), false, 2L << 30));
  }

  @Test
  void theFilestoreReferencesFilesBelowTheFolderHoldingTheRepo() {
    RepoPaths paths = new RepoPaths(Path.of("/var/lib/cairn"));
    assertThat(TestConfigs.read(TestConfigs.defaults()).storageOptions(paths).filestoreRoot())
        .isNull();
    ObjectNode on =
        TestConfigs.with(TestConfigs.defaults(), "Experimental.FilestoreEnabled", "true");
    assertThat(TestConfigs.read(on).storageOptions(paths).filestoreRoot())
        .isEqualTo(Path.of("/var/lib"));
    assertThat(TestConfigs.read(on).storageOptions(paths).urlstore()).isFalse();
    ObjectNode urls =
        TestConfigs.with(TestConfigs.defaults(), "Experimental.UrlstoreEnabled", "true");
    StorageOptions urlsOnly = TestConfigs.read(urls).storageOptions(paths);
    assertThat(urlsOnly.urlstore()).isTrue();
    assertThat(urlsOnly.filestoreRoot()).isNull();
    assertThat(urlsOnly.referencesBlocks()).isTrue();
  }

  @Test
  void readsEverySection() {
    ObjectNode tree = TestConfigs.defaults();
    tree =
        TestConfigs.with(
            tree, "Addresses.API", "[\"/ip4/0.0.0.0/tcp/5002\", \"/unix/run/cairn.sock\"]");
    tree = TestConfigs.with(tree, "Addresses.Gateway", "\"\"");
    tree = TestConfigs.with(tree, "API.HTTPHeaders", "{\"Access-Control-Allow-Origin\": [\"*\"]}");
    tree =
        TestConfigs.with(
            tree,
            "API.Authorizations",
            "{\"Alice\": {\"AuthSecret\": \"basic:alice:password123\","
                + " \"AllowedPaths\": [\"/api/v0/id\", \"/api/v0/files\"]},"
                + " \"Bob\": {\"AuthSecret\": \"bearer:secret-token123\", \"AllowedPaths\": [\"/api/v0\"]},"
                + " \"Carol\": {\"AuthSecret\": \"plain-token\"}}");
    tree = TestConfigs.with(tree, "Gateway.DeserializedResponses", "false");
    tree = TestConfigs.with(tree, "Gateway.NoDNSLink", "true");
    tree =
        TestConfigs.with(
            tree,
            "Gateway.PublicGateways",
            "{\"example.com\": {\"Paths\": [\"/ipfs\"], \"UseSubdomains\": true},"
                + " \"trustless.example.net\": {\"Paths\": [\"/ipfs\"], \"DeserializedResponses\": true},"
                + " \"localhost\": null}");
    tree = TestConfigs.with(tree, "Import.CidVersion", "1");
    tree = TestConfigs.with(tree, "Import.UnixFSHAMTDirectorySizeThreshold", "\"1MiB\"");
    tree = TestConfigs.with(tree, "Import.BatchMaxSize", "1048576");
    tree = TestConfigs.with(tree, "Chain.Mode", "\"rpc\"");
    tree =
        TestConfigs.with(tree, "Chain.RpcUrl", "\"https://api.calibration.node.glif.io/rpc/v1\"");
    tree =
        TestConfigs.with(
            tree,
            "Chain.Contracts",
            "{\"PDPVerifier\": \"0x5A23b7df87f59A291C26A2A1d684AD03Ce9B68DC\"}");
    NodeConfig config = TestConfigs.read(tree);

    assertThat(config.addresses().api())
        .extracting(Multiaddr::toString)
        .containsExactly("/ip4/0.0.0.0/tcp/5002", "/unix/run/cairn.sock");
    assertThat(config.addresses().gateway()).isEmpty();
    assertThat(config.api().httpHeaders())
        .containsEntry("Access-Control-Allow-Origin", List.of("*"));
    ApiConfig.Authorization alice = config.api().authorizations().get("Alice");
    assertThat(alice.authorizationHeader()).isEqualTo("Basic YWxpY2U6cGFzc3dvcmQxMjM=");
    assertThat(alice.allows("/api/v0/files/ls")).isTrue();
    assertThat(alice.allows("/api/v0/add")).isFalse();
    assertThat(config.api().authorizations().get("Bob").authorizationHeader())
        .isEqualTo("Bearer secret-token123");
    assertThat(config.api().authorizations().get("Carol").authorizationHeader())
        .isEqualTo("Bearer plain-token");
    assertThat(config.gateway().deserializedResponses()).isFalse();
    assertThat(config.gateway().noDnsLink()).isTrue();
    assertThat(config.gateway().publicGateways().get("example.com"))
        .isEqualTo(new GatewayConfig.PublicGateway(List.of("/ipfs"), true, false, false, false));
    assertThat(
            config.gateway().publicGateways().get("trustless.example.net").deserializedResponses())
        .isTrue();
    assertThat(config.gateway().disabledPublicGateways()).containsExactly("localhost");
    assertThat(config.importDefaults().cidVersion()).isEqualTo(1);
    assertThat(config.importDefaults().hamtShardingSize()).isEqualTo(1L << 20);
    assertThat(config.importDefaults().batchMaxSize()).isEqualTo(1L << 20);
    assertThat(config.chain().mode()).isEqualTo(ChainConfig.Mode.RPC);
    assertThat(config.chain().rpcUrl())
        .contains(URI.create("https://api.calibration.node.glif.io/rpc/v1"));
    assertThat(config.chain().contracts())
        .isEqualTo(Map.of("PDPVerifier", "0x5A23b7df87f59A291C26A2A1d684AD03Ce9B68DC"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "Identity | 5 | Identity must be an object, not the number 5",
        "Identity.PeerID | null | Identity.PeerID is missing",
        "Identity.PeerID | `\"12D3KooWSCxTfVvMBJbpF75PQmnFdxdBfC1ZxAGYbFc3U9MjALXz\"` | Identity.PeerID"
            + " 12D3KooWSCxTfVvMBJbpF75PQmnFdxdBfC1ZxAGYbFc3U9MjALXz does not match Identity.PrivKey,"
            + " whose peer ID is",
        "Identity.PeerID | `\"bafy\"` | Identity.PeerID: peer ID 'bafy' is not valid",
        "Identity.PrivKey | `\"\"` | Identity.PrivKey is missing",
        "Identity.PrivKey | `\"CAESAA==\"` | Identity.PrivKey: an Ed25519 private key has 64 bytes",
        "Addresses | `[]` | Addresses must be an object, not an array",
        "Addresses.API | `\"/ip4/300.1.1.1/tcp/1\"` | Addresses.API: multiaddr '/ip4/300.1.1.1/tcp/1':"
            + " '300.1.1.1' is not an IPv4 address",
        "Addresses.API | `\"/ip4/1.2.3.4/udp/1\"` | Addresses.API: '/ip4/1.2.3.4/udp/1' is not an"
            + " address to listen on",
        "Addresses.Gateway | 8080 | Addresses.Gateway must be a string or an array of strings, not"
            + " the number 8080",
        "Addresses.Swarm | `\"/ip4/0.0.0.0/tcp/4001\"` | Addresses.Swarm must be an array of"
            + " strings, not the string \"/ip4/0.0.0.0/tcp/4001\"",
        "Addresses.Swarm | `[\"/ip4/0.0.0.0/tcp/x\"]` | Addresses.Swarm: multiaddr"
            + " '/ip4/0.0.0.0/tcp/x': 'x' is not a port number (0-65535)",
        "Addresses.Announce | `[1]` | Addresses.Announce must be an array of strings, not an array",
        "Datastore.StorageMax | `\"10XB\"` | Datastore.StorageMax: '10XB' has the unknown size unit"
            + " 'XB'",
        "Datastore.StorageMax | `\"\"` | Datastore.StorageMax: '' is not a size",
        "Datastore.StorageMax | 10 | Datastore.StorageMax must be a string, not the number 10",
        "Datastore.GCPeriod | `\"1 hour\"` | Datastore.GCPeriod: '1 hour' has the unknown duration"
            + " unit ' hour'",
        "Datastore.GCPeriod | `\"0\"` | Datastore.GCPeriod must be longer than zero",
        "Datastore.StorageGCWatermark | 101 | Datastore.StorageGCWatermark must be a percentage"
            + " (0-100), not 101",
        "Datastore.HashOnRead | `\"yes\"` | Datastore.HashOnRead must be true or false, not the"
            + " string \"yes\"",
        "Import | `\"v1\"` | Import must be an object, not the string \"v1\"",
        "Import.CidVersion | 2 | Import.CidVersion must be 0 or 1, not 2",
        "Import.CidVersion | `\"1\"` | Import.CidVersion must be an integer, not the string \"1\"",
        "Import.CidVersion | 1.5 | Import.CidVersion must be an integer, not the number 1.5",
        "Import.CidVersion | 99999999999 | Import.CidVersion is out of range: 99999999999",
        "Import.UnixFSRawLeaves | `\"true\"` | Import.UnixFSRawLeaves must be true, false or null,"
            + " not the string \"true\"",
        "Import.UnixFSChunker | `\"size-0\"` | Import.UnixFSChunker \"size-0\" is not valid"
            + " (expected \"size-<bytes>\", \"rabin-<min>-<avg>-<max>\" or \"buzhash\")",
        "Import.UnixFSChunker | `\"size-4194304\"` | Import.UnixFSChunker \"size-4194304\" makes"
            + " chunks larger than the limit of 2096896 bytes",
        "Import.UnixFSChunker | `\"rabin-10-5-20\"` | Import.UnixFSChunker \"rabin-10-5-20\" is not"
            + " valid",
        "Import.UnixFSChunker | `\"fixed\"` | Import.UnixFSChunker \"fixed\" is not valid",
        "Import.HashFunction | `\"md5\"` | Import.HashFunction: unknown hash function 'md5'",
        "Import.HashFunction | `\"identity\"` | Import.HashFunction \"identity\" is not allowed",
        "Import.UnixFSFileMaxLinks | 0 | Import.UnixFSFileMaxLinks must be positive, not 0",
        "Import.UnixFSDirectoryMaxLinks | -1 | Import.UnixFSDirectoryMaxLinks must not be negative,"
            + " not -1",
        "Import.UnixFSHAMTDirectoryMaxFanout | 100 | Import.UnixFSHAMTDirectoryMaxFanout must be a"
            + " power of 2 from 8 to 1024, not 100",
        "Import.UnixFSHAMTDirectoryMaxFanout | 2048 | Import.UnixFSHAMTDirectoryMaxFanout must be a"
            + " power of 2 from 8 to 1024, not 2048",
        "Import.UnixFSHAMTDirectorySizeThreshold | `\"1XB\"` |"
            + " Import.UnixFSHAMTDirectorySizeThreshold: '1XB' has the unknown size unit 'XB'",
        "Import.UnixFSHAMTDirectorySizeThreshold | true | Import.UnixFSHAMTDirectorySizeThreshold"
            + " must be a size such as \"256KiB\" or a number of bytes, not true",
        "Import.UnixFSHAMTDirectorySizeEstimation | `\"exact\"` |"
            + " Import.UnixFSHAMTDirectorySizeEstimation must be links, block or disabled, not"
            + " \"exact\"",
        "Import.UnixFSDAGLayout | `\"flat\"` | Import.UnixFSDAGLayout must be balanced or trickle,"
            + " not \"flat\"",
        "Import.BatchMaxNodes | 0 | Import.BatchMaxNodes must be positive, not 0",
        "Import.BatchMaxSize | -1 | Import.BatchMaxSize must be positive, not -1",
        "API.HTTPHeaders | `{\"X-Test\": \"y\"}` | API.HTTPHeaders.X-Test must be an array of"
            + " strings, not the string \"y\"",
        "API.Authorizations | `{\"alice\": {\"AuthSecret\": \"token:x\"}}` |"
            + " API.Authorizations.alice: AuthSecret has the unknown type 'token:'; use"
            + " bearer:TOKEN or basic:USER:PASSWORD",
        "API.Authorizations | `{\"bob\": {\"AllowedPaths\": [\"/api/v0\"]}}` |"
            + " API.Authorizations.bob: AuthSecret is empty",
        "API.Authorizations | `{\"bob\": []}` | API.Authorizations.bob must be an object, not an"
            + " array",
        "Gateway.NoFetch | `\"no\"` | Gateway.NoFetch must be true or false, not the string \"no\"",
        "Gateway.PublicGateways | `{\"example.com\": {\"UseSubdomains\": \"yes\"}}` |"
            + " Gateway.PublicGateways.example.com.UseSubdomains must be true or false, not the"
            + " string \"yes\"",
        "Gateway.HTTPHeaders | `[]` | Gateway.HTTPHeaders must be an object, not an array",
        "Chain.Mode | `\"mainnet\"` | Chain.Mode must be dev, rpc or off, not \"mainnet\"",
        "Chain.RpcUrl | `\"ftp://example.com\"` | Chain.RpcUrl: 'ftp://example.com' is not an"
            + " http, https, ws or wss URL with a host",
        "Chain.RpcUrl | `\"http://exa mple\"` | Chain.RpcUrl: 'http://exa mple' is not a URL",
        "Chain.Contracts | `{\"PDPVerifier\": \"0x12\"}` | Chain.Contracts.PDPVerifier: '0x12' is"
            + " not a 0x-prefixed 20-byte address",
        "Chain.MaxFee | `\"5\"` | Chain.MaxFee: '5' is not an amount such as \"1 ether\","
            + " \"0.05 ether\" or \"50 gwei\" (wei, gwei or ether), or 0 for no cap",
        "Chain.MaxFee | `\"-1 ether\"` | Chain.MaxFee: '-1 ether' is not an amount",
        "Chain.MaxFee | `\"1 eth\"` | Chain.MaxFee: '1 eth' is not an amount",
        "Chain.MaxFee | `\"0.5 wei\"` | Chain.MaxFee: '0.5 wei' is not a whole number of wei",
        "Chain.MaxFee | 1 | Chain.MaxFee must be a string",
      })
  void reportsEveryInvalidValueInOneLineNamingTheKey(String key, String json, String message) {
    ObjectNode tree = TestConfigs.with(TestConfigs.defaults(), key, json);
    assertThatThrownBy(() -> TestConfigs.read(tree))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("test config: " + message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "1 ether, 1000000000000000000",
    "0.05 ether, 50000000000000000",
    "50 gwei, 50000000000",
    "1.5 gwei, 1500000000",
    "1000 wei, 1000",
    "0, 0",
    "0 ether, 0"
  })
  void chainMaxFeeIsAnAmountWithItsUnit(String text, String wei) {
    NodeConfig config =
        TestConfigs.read(
            TestConfigs.with(TestConfigs.defaults(), "Chain.MaxFee", "\"" + text + "\""));
    assertThat(config.chain().maxFee()).isEqualTo(new BigInteger(wei));
  }

  @Test
  void chainMaxFeeIsOneEtherByDefaultAsGethsTxFeeCap() {
    assertThat(ChainConfig.defaults().maxFee()).isEqualTo(BigInteger.TEN.pow(18));
    ObjectNode tree = TestConfigs.defaults();
    ((ObjectNode) tree.get("Chain")).remove("MaxFee");
    assertThat(TestConfigs.read(tree).chain().maxFee()).isEqualTo(BigInteger.TEN.pow(18));
  }

  @Test
  void rulesBetweenKeysAreCheckedWhenTheConfigIsUsedWhole() {
    NodeConfig rpcWithoutUrl =
        TestConfigs.read(TestConfigs.with(TestConfigs.defaults(), "Chain.Mode", "\"rpc\""));
    assertThat(rpcWithoutUrl.chain().mode()).isEqualTo(ChainConfig.Mode.RPC);
    assertThatThrownBy(() -> rpcWithoutUrl.checkComplete("test config"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("test config: Chain.RpcUrl must be set when Chain.Mode is rpc");
    ObjectNode complete =
        TestConfigs.with(
            TestConfigs.with(TestConfigs.defaults(), "Chain.Mode", "\"rpc\""),
            "Chain.RpcUrl",
            "\"http://127.0.0.1:8545\"");
    assertThat(TestConfigs.read(complete).checkComplete("test config").chain().rpcUrl())
        .isPresent();
  }

  /**
   * A private key whose seed does not give its public half: reading the config (every command does)
   * takes the peer ID from the public half without Ed25519 arithmetic; the key pair is checked
   * where the config is used whole, and before the key signs.
   */
  @Test
  void aPrivateKeyWhoseSeedIsNotItsPublicHalfIsRefusedWhenTheConfigIsUsedWhole() {
    byte[] data = new byte[64];
    System.arraycopy(TestConfigs.IDENTITY.publicKey(), 0, data, 32, 32);
    String privKey = Base64.getEncoder().encodeToString(KeyProtobuf.encode(1, data));
    NodeConfig config =
        TestConfigs.read(
            TestConfigs.with(TestConfigs.defaults(), "Identity.PrivKey", "\"" + privKey + "\""));
    assertThat(config.peerId()).isEqualTo(TestConfigs.IDENTITY.peerId());
    assertThatThrownBy(() -> config.checkComplete("test config"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "test config: Identity.PrivKey: the Ed25519 private key's public half does not belong"
                + " to its seed");
    assertThatThrownBy(() -> config.identity().key().sign(new byte[] {1}))
        .hasMessage("the Ed25519 private key's public half does not belong to its seed");
    assertThat(TestConfigs.read(TestConfigs.defaults()).checkComplete("c").identity().key())
        .isEqualTo(TestConfigs.IDENTITY);
  }

  @Test
  void unknownKeysAreAcceptedAndOnlyTypeCollisionsReported() {
    ObjectNode tree =
        TestConfigs.with(TestConfigs.defaults(), "AutoNAT.ServiceMode", "\"enabled\"");
    tree = TestConfigs.with(tree, "Import.FastProvideRoot", "\"not a flag for Cairn\"");
    tree = TestConfigs.with(tree, "Plugins", "[1, 2.50, {\"x\": null}]");
    assertThat(TestConfigs.read(tree)).isEqualTo(TestConfigs.read(TestConfigs.defaults()));
  }

  @Test
  void peerIdMayBeWrittenInAnyForm() {
    String base36 = TestConfigs.IDENTITY.peerId().toBase36();
    ObjectNode tree =
        TestConfigs.with(TestConfigs.defaults(), "Identity.PeerID", "\"" + base36 + "\"");
    assertThat(TestConfigs.read(tree).peerId()).isEqualTo(TestConfigs.IDENTITY.peerId());
  }

  @Test
  void importDefaultsResolveToTheImportSettings() {
    ObjectNode tree = TestConfigs.with(TestConfigs.defaults(), "Import.HashFunction", "\"blake3\"");
    ImportDefaults.Resolved resolved = TestConfigs.read(tree).importDefaults().resolve();
    assertThat(resolved.hashFunction()).isEqualTo(HashFunction.BLAKE3);
    assertThat(resolved.cidVersion()).isEqualTo(1);
    assertThat(resolved.rawLeaves()).isTrue();
  }
}
