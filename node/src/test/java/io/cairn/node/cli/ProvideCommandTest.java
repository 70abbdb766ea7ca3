package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.daemon.Daemon;
import io.cairn.node.daemon.NetworkDaemons;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn provide clear|once|stat} and {@code stats provide}: Kubo's text, without a daemon
 * and with a lone one.
 */
class ProvideCommandTest {
  private static final String HELLO = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";

  @TempDir Path dir;

  @Test
  void withoutADaemonOnceAndStatAreNotOnlineAndClearRemovesNothing() {
    Cli cli = Cli.init(dir.resolve("repo"), Cli.Mode.IN_PROCESS);
    String notOnline = "this command must be run in online mode. Try running 'cairn daemon' first";
    assertThat(cli.fails("provide", "once", HELLO)).isEqualTo(notOnline);
    assertThat(cli.fails("provide", "stat")).isEqualTo(notOnline);
    assertThat(cli.fails("stats", "provide")).isEqualTo(notOnline);
    assertThat(cli.ok("provide", "clear").out()).isEqualTo("removed 0 items from provide queue\n");
    assertThat(cli.ok("provide", "clear", "-q").out()).isEmpty();
  }

  @Test
  void aLoneDaemonKeepsItsQueueUntilCleared() throws Exception {
    try (Daemon lone = NetworkDaemons.start(dir.resolve("a"))) {
      Cli cli = new Cli(dir.resolve("a"), Cli.Mode.IN_PROCESS);
      Path hello = Files.writeString(dir.resolve("hello.txt"), "hello world\n");
      assertThat(cli.ok("block", "put", hello.toString()).out().strip()).isNotEmpty();
      assertThat(cli.fails("provide", "once", HELLO))
          .isEqualTo("cannot provide: no connected peers");

      String brief = cli.ok("provide", "stat").out();
      assertThat(brief)
          .startsWith("Status:")
          .contains("offline")
          .contains("Provide queue:")
          .contains("1 CIDs,")
          .doesNotContain("Workers");
      assertThat(cli.fails("provide", "stat", "--compact"))
          .isEqualTo("--compact requires --all flag");
      assertThat(cli.ok("provide", "clear").out())
          .isEqualTo("removed 1 items from provide queue\n");
      assertThat(cli.ok("provide", "stat", "--queues").out())
          .isEqualTo("Provide queue:   0 CIDs, 0 regions\nReprovide queue: 0 regions\n");
      // Kubo's deprecated alias, with the same flags and text
      assertThat(cli.ok("stats", "provide", "--queues").out())
          .isEqualTo(cli.ok("provide", "stat", "--queues").out());
      assertThat(cli.ok("stats", "provide").out()).startsWith("Status:").contains("offline");
    }
  }
}
