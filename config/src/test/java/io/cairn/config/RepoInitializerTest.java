package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Multiaddr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoInitializerTest {
  @TempDir Path tmp;

  @Test
  void createsTheRepoLayoutWithANewIdentity() throws Exception {
    RepoPaths paths = new RepoPaths(tmp.resolve("repo"));
    RepoInitializer.Result result = RepoInitializer.init(paths, List.of());

    assertThat(result.peerId().toString()).startsWith("12D3KooW");
    assertThat(result.keyType()).isEqualTo("ED25519");
    assertThat(Files.isRegularFile(paths.config())).isTrue();
    assertThat(Files.isDirectory(paths.datastore())).isTrue();
    assertThat(Files.isDirectory(paths.keystore())).isTrue();
    assertThat(Files.readString(paths.versionFile())).isEqualTo("1\n");
    assertThat(Files.exists(paths.lockFile())).isTrue();
    try (var files = Files.list(paths.root())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("config", "datastore", "keystore", "repo.lock", "version");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.config())))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.root())))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.keystore())))
        .isEqualTo("rwx------");

    NodeConfig config = NodeConfig.load(paths);
    assertThat(config.peerId()).isEqualTo(result.peerId());
    assertThat(config.identity().key()).isEqualTo(result.identity());
    assertThat(config.addresses().api())
        .containsExactly(Multiaddr.parse("/ip4/127.0.0.1/tcp/5001"));
  }

  @Test
  void writesTheConfigInKubosShape() throws Exception {
    RepoPaths paths = new RepoPaths(tmp);
    Identity identity = TestConfigs.IDENTITY;
    RepoInitializer.init(paths, List.of(), identity);
    String text = Files.readString(paths.config());
    assertThat(text)
        .startsWith(
            "{\n  \"Identity\": {\n    \"PeerID\": \""
                + identity.peerId()
                + "\",\n    \"PrivKey\": \""
                + identity.privKey()
                + "\"\n  },\n  \"Datastore\": {\n    \"StorageMax\": \"10GB\",\n");
    assertThat(text)
        .contains(
            "\"Swarm\": [\n      \"/ip4/0.0.0.0/tcp/4001\",\n      \"/ip6/::/tcp/4001\"\n    ],\n"
                + "    \"Announce\": [],\n")
        .contains("\"API\": {\n    \"HTTPHeaders\": {}\n  },")
        .contains("    \"CidVersion\": null,\n")
        .contains(
            "\"Chain\": {\n    \"Mode\": \"dev\",\n    \"RpcUrl\": null,\n    \"Contracts\": {},\n    \"MaxFee\": \"1 ether\"\n  },\n"
                + "  \"Compute\": {\n    \"Concurrency\": 2\n  },\n")
        .contains("\"Verify\": {\n      \"Enabled\": false\n    }\n  }\n}\n");
  }

  @Test
  void refusesARepoThatExists() throws Exception {
    RepoPaths paths = new RepoPaths(tmp);
    RepoInitializer.init(paths, List.of());
    byte[] before = Files.readAllBytes(paths.config());
    assertThatThrownBy(() -> RepoInitializer.init(paths, List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cairn repo already exists at " + tmp);
    assertThat(Files.readAllBytes(paths.config())).isEqualTo(before);
  }

  @Test
  void appliesProfilesInOrder() {
    RepoPaths paths = new RepoPaths(tmp);
    RepoInitializer.Result result = RepoInitializer.init(paths, List.of("test", "unixfs-v1-2025"));
    assertThat(result.profiles()).containsExactly("test", "unixfs-v1-2025");
    NodeConfig config = NodeConfig.load(paths);
    assertThat(config.addresses().api()).containsExactly(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
    assertThat(config.addresses().gateway())
        .containsExactly(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
    assertThat(config.addresses().swarm()).containsExactly(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
    assertThat(config.importDefaults().cidVersion()).isEqualTo(1);
    assertThat(config.importDefaults().chunker()).isEqualTo("size-1048576");
  }

  /** As Kubo's test profile, and default-networking undoes it. */
  @Test
  void testProfileTurnsMdnsOff() {
    RepoPaths paths = new RepoPaths(tmp);
    RepoInitializer.init(paths, List.of("test"));
    assertThat(NodeConfig.load(paths).network().mdns()).isFalse();
  }

  @Test
  void randomPortsProfilePicksOnePortForBothFamilies() {
    RepoPaths paths = new RepoPaths(tmp);
    RepoInitializer.init(paths, List.of("randomports"));
    List<Multiaddr> swarm = NodeConfig.load(paths).addresses().swarm();
    assertThat(swarm).hasSize(2);
    assertThat(swarm.get(0).port()).isEqualTo(swarm.get(1).port());
    assertThat(swarm.get(0).port().getAsInt()).isPositive();
  }

  @Test
  void unknownProfileWritesNothing() {
    RepoPaths paths = new RepoPaths(tmp.resolve("repo"));
    assertThatThrownBy(() -> RepoInitializer.init(paths, List.of("test", "lowpower")))
        .hasMessageStartingWith("unknown profile 'lowpower'; known: test, default-networking,");
    assertThat(Files.exists(paths.root())).isFalse();
  }

  @Test
  void loadingWithoutARepoSaysToRunInit() {
    RepoPaths paths = new RepoPaths(tmp.resolve("nothing"));
    assertThatThrownBy(() -> NodeConfig.load(paths))
        .isInstanceOf(ConfigException.class)
        .hasMessage("no Cairn repo at " + paths.root() + "; run 'cairn init'");
    assertThatThrownBy(() -> ConfigEditor.open(paths))
        .hasMessage("no Cairn repo at " + paths.root() + "; run 'cairn init'");
  }

  @Test
  void reportsInvalidJsonWithLineAndColumn() throws Exception {
    RepoPaths paths = new RepoPaths(tmp);
    RepoInitializer.init(paths, List.of());
    Files.writeString(paths.config(), "{\n  \"Identity\": {\n    \"PeerID\": \"x\",,\n  }\n}\n");
    assertThatThrownBy(() -> NodeConfig.load(paths))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "config file "
                + paths.config()
                + " is not valid JSON: line 3, column 19: Unexpected character")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    Files.writeString(paths.config(), "[]");
    assertThatThrownBy(() -> NodeConfig.load(paths))
        .hasMessage("config file " + paths.config() + " must hold a JSON object, not an array");
    Files.writeString(paths.config(), "");
    assertThatThrownBy(() -> NodeConfig.load(paths))
        .hasMessage("config file " + paths.config() + " is empty");
    Files.writeString(paths.config(), "{} {}");
    assertThatThrownBy(() -> NodeConfig.load(paths))
        .hasMessageStartingWith("config file " + paths.config() + " is not valid JSON: line 1");
  }

  @Test
  void namesTheFileAndKeyOfAnInvalidValue() throws Exception {
    RepoPaths paths = new RepoPaths(tmp);
    RepoInitializer.init(paths, List.of());
    Files.writeString(
        paths.config(),
        ConfigJson.pretty(
            TestConfigs.with(ConfigJson.read(paths.config()), "Import.CidVersion", "7")));
    assertThatThrownBy(() -> NodeConfig.load(paths))
        .hasMessage("config file " + paths.config() + ": Import.CidVersion must be 0 or 1, not 7");
  }

  @Test
  void refusesARepoOfANewerVersion() throws Exception {
    RepoPaths paths = new RepoPaths(tmp);
    RepoInitializer.init(paths, List.of());
    Files.writeString(paths.versionFile(), "2\n");
    assertThatThrownBy(() -> NodeConfig.load(paths))
        .hasMessage(
            "repo at "
                + tmp
                + " has version 2, newer than this cairn understands (1); upgrade cairn");
    Files.writeString(paths.versionFile(), "two");
    assertThatThrownBy(() -> NodeConfig.load(paths))
        .hasMessage("version file " + paths.versionFile() + " does not hold a number: 'two'");
    Files.delete(paths.versionFile());
    assertThatThrownBy(() -> NodeConfig.load(paths))
        .hasMessage("repo at " + tmp + " has no version file; it was not made by 'cairn init'");
  }

  @Test
  void namesAKuboRepoAsSuchInsteadOfAskingForANewerCairn() throws Exception {
    // What 'ipfs init' leaves (Kubo 0.3x): config, datastore_spec and version 16 or more.
    RepoPaths paths = new RepoPaths(tmp);
    Files.writeString(paths.config(), "{\"Identity\": {\"PeerID\": \"12D3KooW\"}}\n");
    Files.writeString(tmp.resolve("datastore_spec"), "{\"mounts\":[],\"type\":\"mount\"}");
    Files.writeString(paths.versionFile(), "16\n");
    String kubo =
        "the folder "
            + tmp
            + " holds a Kubo repo (it has datastore_spec), not a Cairn one; give Cairn a folder of"
            + " its own with CAIRN_PATH or --repo-dir";
    assertThatThrownBy(() -> NodeConfig.load(paths)).hasMessage(kubo);
    assertThatThrownBy(() -> ConfigEditor.open(paths)).hasMessage(kubo);
    assertThatThrownBy(() -> RepoInitializer.init(paths, List.of())).hasMessage(kubo);
    assertThat(Files.readString(paths.versionFile())).isEqualTo("16\n");
  }

  @Test
  void refusesToInitWhileAnotherProcessHoldsTheLock() {
    RepoPaths paths = new RepoPaths(tmp);
    try (RepoLock lock = RepoLock.acquire(paths)) {
      assertThat(lock.isHeld()).isTrue();
      assertThatThrownBy(() -> RepoInitializer.init(paths, List.of()))
          .hasMessageContaining("is locked by another process");
    }
    assertThat(paths.exists()).isFalse();
  }
}
