package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.storage.Cid;
import io.cairn.storage.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/** {@code cairn repo gc|stat|verify|version}: Kubo's lines and JSON, and what GC leaves. */
@BothModes
class RepoCommandTest {
  @Parameter Cli.Mode mode;

  private static final String MARS_RAW =
      "bafkreibmlvvgdyihetgocpof6xk64kjjzdeq2e4c7hqs3krdheosk4tgj4";

  @TempDir Path tmp;
  Cli cli;

  @BeforeEach
  void init() {
    cli = Cli.init(tmp.resolve("repo"), mode);
  }

  @Test
  void aRepoWhoseDatastoreIsGoneIsRefusedNotRecreated() {
    cli.okWithInput("Hello Mars!\n".getBytes(StandardCharsets.UTF_8), "block", "put");
    Path store = cli.repo().resolve("datastore");
    cli.withRepoClosed(
        () -> {
          try (Stream<Path> all = Files.walk(store)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
              Files.delete(p);
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    assertThat(cli.fails("repo", "verify"))
        .contains("the repo's datastore " + store + " is missing")
        .contains("blocks and pins are gone");
    assertThat(cli.fails("cat", MARS_RAW)).contains("is missing");
    assertThat(store).doesNotExist();
  }

  @Test
  void statPrintsKubosAlignedTableAndJson() throws IOException {
    cli.okWithInput("Hello Mars!\n".getBytes(StandardCharsets.UTF_8), "block", "put");
    List<String> lines = cli.ok("repo", "stat").lines();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).isEqualTo("NumObjects: 1");
    assertThat(lines.get(1)).matches("RepoSize:   \\d+");
    assertThat(lines.get(2)).matches("StorageMax: \\d+");
    assertThat(lines.get(3)).isEqualTo("RepoPath:   " + cli.repo().toAbsolutePath());
    assertThat(lines.get(4)).isEqualTo("Version:    cairn-repo@1");

    JsonNode json = cli.ok("repo", "stat", "--enc=json").json();
    assertThat(json.get("NumObjects").asLong()).isEqualTo(1);
    assertThat(json.get("RepoSize").asLong()).isPositive();
    assertThat(json.get("StorageMax").asLong()).isPositive();
    assertThat(json.get("RepoPath").asText()).isEqualTo(cli.repo().toAbsolutePath().toString());

    assertThat(cli.ok("repo", "stat", "-s").lines())
        .hasSize(2)
        .satisfiesExactly(
            l -> assertThat(l).startsWith("RepoSize:"),
            l -> assertThat(l).startsWith("StorageMax:"));
    JsonNode sizeOnly = cli.ok("repo", "stat", "-s", "--enc=json").json();
    assertThat(sizeOnly.has("NumObjects")).isFalse();
    assertThat(cli.ok("repo", "stat", "-H").lines().get(2)).matches("StorageMax: [\\d.]+ [kMGT]?B");
  }

  @Test
  void statsRepoIsKubosAliasOfRepoStat() {
    cli.okWithInput("Hello Mars!\n".getBytes(StandardCharsets.UTF_8), "block", "put");
    JsonNode stats = cli.ok("stats", "repo", "--enc=json").json();
    JsonNode repo = cli.ok("repo", "stat", "--enc=json").json();
    assertThat(stats.get("NumObjects")).isEqualTo(repo.get("NumObjects"));
    assertThat(stats.get("RepoPath")).isEqualTo(repo.get("RepoPath"));
    assertThat(cli.ok("stats", "repo", "-s").lines()).hasSize(2);
  }

  @Test
  void statCountsBlocksAsTheyComeAndGo() throws IOException {
    Path file = TestData.file(tmp.resolve("f"), 1, 1_000_000);
    cli.ok("add", "--pin=false", file.toString());
    // 4 leaves of 256 KiB and a root.
    assertThat(cli.ok("repo", "stat", "--enc=json").json().get("NumObjects").asLong()).isEqualTo(5);
    cli.ok("repo", "gc");
    assertThat(cli.ok("repo", "stat", "--enc=json").json().get("NumObjects").asLong()).isZero();
  }

  @Test
  void gcPrintsEachRemovedBlockAsKuboAndKeepsPinnedOnes() throws IOException {
    byte[] mars = "Hello Mars!\n".getBytes(StandardCharsets.UTF_8);
    cli.okWithInput(mars, "block", "put");
    Path venus = Files.writeString(tmp.resolve("venus.txt"), "Hello Venus!\n");
    cli.ok("add", venus.toString());

    Run gc = cli.ok("repo", "gc");
    assertThat(gc.lines()).containsExactly("removed " + MARS_RAW);
    assertThat(gc.err()).contains("removed 1 blocks");
    assertThat(cli.ok("cat", "QmU5kp3BH3B8tnWUU2Pikdb2maksBNkb92FHRr56hyghh4").out())
        .isEqualTo("Hello Venus!\n");
    assertThat(cli.ok("repo", "gc").out()).isEmpty();

    cli.okWithInput(mars, "block", "put");
    assertThat(cli.ok("repo", "gc", "-q").out()).isEqualTo(MARS_RAW + "\n");
    cli.okWithInput(mars, "block", "put");
    Run silent = cli.ok("repo", "gc", "--silent");
    assertThat(silent.out()).isEmpty();
    assertThat(silent.err()).isEmpty();
    cli.okWithInput(mars, "block", "put");
    JsonNode json = cli.ok("repo", "gc", "--enc=json").json();
    assertThat(json.get("Key").get("/").asText()).isEqualTo(MARS_RAW);
  }

  @Test
  void gcReportsBlocksByMultihashEvenWhenAddedAsCidv0() throws IOException {
    Path venus = Files.writeString(tmp.resolve("venus.txt"), "Hello Venus!\n");
    cli.ok("add", "--pin=false", venus.toString());
    String removed = cli.ok("repo", "gc", "-q").out().strip();
    // Kubo keys blocks by multihash and prints them as CIDv1 raw.
    assertThat(Cid.parse(removed).multihash())
        .isEqualTo(Cid.parse("QmU5kp3BH3B8tnWUU2Pikdb2maksBNkb92FHRr56hyghh4").multihash());
    assertThat(removed).startsWith("bafkrei");
  }

  @Test
  void verifyOfAHealthyRepoSaysSo() throws IOException {
    cli.ok("add", TestData.file(tmp.resolve("f"), 2, 600_000).toString());
    assertThat(cli.ok("repo", "verify").out())
        .isEqualTo("verify complete, all blocks validated.\n");
  }

  @Test
  void versionPrintsTheRepoVersion() {
    assertThat(cli.ok("repo", "version").out()).isEqualTo("cairn repo version cairn-repo@1\n");
    assertThat(cli.ok("repo", "version", "-q").out()).isEqualTo("cairn-repo@1\n");
    assertThat(cli.ok("repo", "version", "--enc=json").json().get("Version").asText())
        .isEqualTo("1");
  }
}
