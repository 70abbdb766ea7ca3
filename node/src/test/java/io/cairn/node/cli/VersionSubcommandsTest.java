package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/** {@code cairn version deps} and {@code version check}, as Kubo's. */
@BothModes
class VersionSubcommandsTest {
  @Parameter Cli.Mode mode;

  @TempDir Path tmp;
  Cli cli;

  @BeforeEach
  void init() {
    cli = Cli.init(tmp.resolve("repo"), mode);
  }

  @Test
  void depsListsThisProgramThenItsArtifacts() throws Exception {
    List<String> lines = cli.ok("version", "deps").lines();
    assertThat(lines.getFirst())
        .isEqualTo("io.cairn:cairn-node@" + cli.ok("version", "-n").out().strip());
    assertThat(lines).anyMatch(l -> l.startsWith("io.netty:netty-handler@4."));
    assertThat(lines).allMatch(l -> l.contains("@"));
    List<String> json = cli.ok("--enc=json", "version", "deps").lines();
    assertThat(json).hasSameSizeAs(lines);
    JsonNode first = new ObjectMapper().readTree(json.getFirst());
    assertThat(first.fieldNames())
        .toIterable()
        .containsExactly("Path", "Version", "ReplacedBy", "Sum");
    assertThat(first.path("Path").asText()).isEqualTo("io.cairn:cairn-node");
  }

  @Test
  void checkNeedsTheNetwork() {
    cli.ok("repo", "version"); // in the daemon mode, starts the daemon
    String err = cli.fails("version", "check");
    if (mode == Cli.Mode.DAEMON) {
      // the test daemon runs without its network
      assertThat(err).startsWith("this command must be run in online mode");
    } else {
      assertThat(err)
          .isEqualTo("this command needs a running daemon: start one with 'cairn daemon'");
    }
  }
}
