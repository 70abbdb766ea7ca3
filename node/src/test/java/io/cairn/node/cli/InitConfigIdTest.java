package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/** {@code cairn init}, {@code config}, {@code id} and {@code version}. */
@BothModes
class InitConfigIdTest {
  @Parameter Cli.Mode mode;

  @TempDir Path tmp;

  @Test
  void initPrintsKubosLinesAndCreatesTheRepo() {
    Cli cli = new Cli(tmp.resolve("repo"), mode);
    Run run = cli.ok("init");
    List<String> lines = run.lines();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo("generating ED25519 keypair...done");
    assertThat(lines.get(1)).matches("peer identity: 12D3KooW[1-9A-HJ-NP-Za-km-z]{44}");
    assertThat(lines.get(2)).isEqualTo("initializing Cairn node at " + cli.repo());
    assertThat(cli.repo().resolve("config")).isRegularFile();
    assertThat(cli.repo().resolve("datastore")).isDirectory();

    String peerId = lines.get(1).substring("peer identity: ".length());
    assertThat(cli.ok("id", "-f", "<id>").out()).isEqualTo(peerId);
    assertThat(cli.fails("init")).isEqualTo("cairn repo already exists at " + cli.repo());
  }

  @Test
  void initWithJsonKeepsStdoutForTheObject() {
    Cli cli = new Cli(tmp.resolve("repo"), mode);
    JsonNode json = cli.ok("init", "--enc=json").json();
    assertThat(json.get("ID").asText()).startsWith("12D3KooW");
    assertThat(json.get("Path").asText()).isEqualTo(cli.repo().toString());
  }

  @Test
  void initAppliesProfilesAndRejectsUnknownOnes() {
    Cli cli = new Cli(tmp.resolve("repo"), mode);
    cli.ok("init", "--profile", "test");
    assertThat(cli.ok("config", "Addresses.API").out()).contains("/ip4/127.0.0.1/tcp/0");
    Cli bad = new Cli(tmp.resolve("bad"), mode);
    assertThat(bad.fails("init", "--profile", "no-such-profile")).contains("no-such-profile");
    assertThat(bad.repo().resolve("config")).doesNotExist();
  }

  /** Kubo's init flags that scripts pass: --empty-repo (Cairn adds no help files anyway), -a. */
  @Test
  void initTakesKubosEmptyRepoAndAlgorithmFlags() {
    Cli cli = new Cli(tmp.resolve("repo"), mode);
    assertThat(cli.ok("init", "--empty-repo", "-a", "ed25519").lines().get(0))
        .isEqualTo("generating ED25519 keypair...done");
    assertThat(cli.ok("refs", "local").out()).isEmpty();
    Cli rsa = new Cli(tmp.resolve("rsa"), mode);
    assertThat(rsa.fails("init", "--algorithm=rsa")).contains("rsa").contains("ed25519");
    assertThat(rsa.repo().resolve("config")).doesNotExist();
  }

  @Test
  void idPrintsKubosJsonWithTheNodesKey() {
    Cli cli = Cli.init(tmp.resolve("repo"), mode);
    Run run = cli.ok("id");
    assertThat(run.out()).startsWith("{\n\t\"ID\": \"12D3KooW");
    JsonNode id = run.json();
    assertThat(id.get("PublicKey").asText()).startsWith("CAES"); // protobuf: Ed25519 key type
    assertThat(id.get("AgentVersion").asText()).startsWith("cairn/");
    assertThat(id.get("Addresses").isNull()).isTrue();
    String base36 = cli.ok("id", "--peerid-base", "base36", "-f", "<id>").out();
    assertThat(base36).startsWith("k51");
    assertThat(cli.fails("id", "--peerid-base", "nope")).contains("nope");
  }

  @Test
  void configReadsAndWritesKubosKeys() throws IOException {
    Cli cli = Cli.init(tmp.resolve("repo"), mode);
    assertThat(cli.ok("config", "Addresses.API").out()).isEqualTo("/ip4/127.0.0.1/tcp/5001\n");
    assertThat(cli.ok("config", "Addresses.Gateway", "/ip4/127.0.0.1/tcp/8081").out()).isEmpty();
    assertThat(cli.ok("config", "Addresses.Gateway").out()).isEqualTo("/ip4/127.0.0.1/tcp/8081\n");
    cli.ok("config", "Datastore.StorageMax", "20GB");
    assertThat(cli.ok("repo", "stat", "--enc=json").json().get("StorageMax").asLong())
        .isEqualTo(20_000_000_000L);
    cli.ok("config", "--json", "Import.CidVersion", "1");
    JsonNode json = cli.ok("config", "Import.CidVersion", "--enc=json").json();
    assertThat(json.get("Key").asText()).isEqualTo("Import.CidVersion");
    assertThat(json.get("Value").asInt()).isEqualTo(1);

    String shown = cli.ok("config", "show").out();
    assertThat(shown).contains("\"Addresses\"").doesNotContain("PrivKey");
    assertThat(Files.readString(cli.repo().resolve("config"))).contains("PrivKey");
    assertThat(cli.fails("config")).isEqualTo("argument \"key\" is required");
  }

  @Test
  void configReplaceFromStdinKeepsTheIdentity() {
    Cli cli = Cli.init(tmp.resolve("repo"), mode);
    String id = cli.ok("id", "-f", "<id>").out();
    String shown = cli.ok("config", "show").out();
    String changed = shown.replace("/ip4/127.0.0.1/tcp/5001", "/ip4/127.0.0.1/tcp/5099");
    cli.okWithInput(
        changed.getBytes(java.nio.charset.StandardCharsets.UTF_8), "config", "replace", "-");
    assertThat(cli.ok("config", "Addresses.API").out()).isEqualTo("/ip4/127.0.0.1/tcp/5099\n");
    assertThat(cli.ok("id", "-f", "<id>").out()).isEqualTo(id);
  }

  @Test
  void profileApplyShowsTheChangeKeepsABackupAndDryRunChangesNothing() throws IOException {
    Cli cli = Cli.init(tmp.resolve("repo"), mode);
    Run dry = cli.ok("config", "profile", "apply", "--dry-run", "test");
    assertThat(dry.out()).contains("old: {", "new: {", "/ip4/127.0.0.1/tcp/0");
    assertThat(dry.err()).isEmpty();
    assertThat(cli.ok("config", "Addresses.API").out()).isEqualTo("/ip4/127.0.0.1/tcp/5001\n");

    Run applied = cli.ok("config", "profile", "apply", "test");
    assertThat(applied.err()).startsWith("previous config saved to " + cli.repo());
    assertThat(cli.ok("config", "Addresses.API").out()).isEqualTo("/ip4/127.0.0.1/tcp/0\n");
    assertThat(cli.fails("config", "profile", "apply", "no-such-profile"))
        .contains("no-such-profile");
  }

  @Test
  void versionPrintsKubosLines() {
    Cli cli = new Cli(tmp.resolve("none"), mode);
    assertThat(cli.ok("version").out()).matches("cairn version \\S+\n");
    assertThat(cli.ok("version", "-n").out()).matches("\\S+\n");
    assertThat(cli.ok("version", "--all").lines().get(1)).isEqualTo("Repo version: 1");
    JsonNode json = cli.ok("version", "--enc=json").json();
    assertThat(json.get("Repo").asText()).isEqualTo("1");
    assertThat(cli.ok("--version").out()).startsWith("cairn version ");
  }
}
