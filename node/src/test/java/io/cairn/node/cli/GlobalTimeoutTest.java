package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * Kubo's global {@code --timeout} ({@code ipfs --timeout=30s cat CID}): given before the command
 * name, it goes with the command's request as the {@code timeout} option, to a daemon or to the
 * command run in this process, and each checks it as Kubo's RPC API does.
 */
@BothModes
class GlobalTimeoutTest {
  @Parameter Cli.Mode mode;

  @TempDir Path tmp;
  Cli cli;

  @BeforeEach
  void init() {
    cli = Cli.init(tmp.resolve("repo"), mode);
  }

  @Test
  void aCommandWithinItsTimeoutAnswersAsWithout() {
    String cid =
        cli.okWithInput("hello".getBytes(StandardCharsets.UTF_8), "add", "-Q").out().strip();
    assertThat(cli.ok("--timeout", "30s", "cat", cid).out()).isEqualTo("hello");
    assertThat(cli.ok("--timeout=1m30s", "cat", cid).out()).isEqualTo("hello");
  }

  @Test
  void aTimeoutThatIsNotADurationIsRefusedByWhatRunsTheCommand() {
    String cid =
        cli.okWithInput("hello".getBytes(StandardCharsets.UTF_8), "add", "-Q").out().strip();
    assertThat(cli.fails("--timeout", "10", "cat", cid))
        .isEqualTo(
            "option 'timeout' must be a duration such as 500ms, 30s or 1h30m: '10' has a number"
                + " without a unit (ns, us, ms, s, m or h)");
  }

  @Test
  void theRootUsageListsIt() {
    Cli noRepo = new Cli(tmp.resolve("no-repo"), Cli.Mode.IN_PROCESS);
    assertThat(noRepo.ok("--help").out())
        .contains("--timeout=DURATION")
        .contains("Give up on the command after this long");
  }

  @Test
  void theGlobalTimeoutIsNotTakenForTheWallTimeOfAJob() {
    assertThat(cli.fails("--timeout", "5s", "job", "run", "--wasm", "bafkqaaa"))
        .contains("job run --timeout");
  }
}
