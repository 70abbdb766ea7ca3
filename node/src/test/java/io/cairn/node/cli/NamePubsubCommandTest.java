package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/** Kubo's {@code name pubsub} text on a node without IPNS over pubsub. */
@BothModes
class NamePubsubCommandTest {
  @Parameter Cli.Mode mode;

  @TempDir Path tmp;
  Cli cli;

  @BeforeEach
  void init() {
    cli = Cli.init(tmp.resolve("repo"), mode);
  }

  @Test
  void stateSaysDisabledAndTheOthersGiveKubosError() {
    assertThat(cli.ok("name", "pubsub", "state").out()).isEqualTo("disabled\n");
    assertThat(cli.fails("name", "pubsub", "subs"))
        .contains("IPNS pubsub subsystem is not enabled");
    assertThat(cli.fails("name", "pubsub", "cancel", "k51x"))
        .contains("IPNS pubsub subsystem is not enabled");
  }
}
