package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repo held by another process: commands that need it refuse, naming the repo; others run. */
class RepoLockTest {
  private static final String HELLO = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";

  @TempDir Path tmp;

  @Test
  void commandsRefuseARepoLockedByAnotherProcessAndWorkOnceItIsReleased() throws Exception {
    Cli cli = Cli.init(tmp.resolve("repo"), Cli.Mode.IN_PROCESS);
    cli.okWithInput("hello world\n".getBytes(StandardCharsets.UTF_8), "add");
    String locked =
        "repo at " + cli.repo() + " is locked by another process (is a cairn daemon running?)";

    try (ChildJvm holder = ChildJvm.start(RepoHolder.class.getName(), cli.repo().toString())) {
      assertThat(holder.readLine(60)).isEqualTo("open with 1 blocks");

      assertThat(cli.fails("cat", HELLO)).isEqualTo(locked);
      assertThat(cli.failsWithInput(new byte[] {1}, "add")).isEqualTo(locked);
      assertThat(cli.fails("pin", "ls")).isEqualTo(locked);
      assertThat(cli.fails("repo", "gc")).isEqualTo(locked);
      // Commands that do not open the block store still run.
      assertThat(cli.ok("id", "-f", "<id>").out()).startsWith("12D3KooW");
      assertThat(cli.ok("config", "Addresses.API").out()).isEqualTo("/ip4/127.0.0.1/tcp/5001\n");
      assertThat(cli.ok("cid", "base32", HELLO).out()).startsWith("bafybei");

      holder.closeInput();
      assertThat(holder.waitFor(30)).isZero();
    }
    assertThat(cli.ok("cat", HELLO).out()).isEqualTo("hello world\n");
    assertThat(cli.ok("repo", "verify").out())
        .isEqualTo("verify complete, all blocks validated.\n");
  }

  @Test
  void aHolderKilledWithSigkillLeavesNoLockBehind() throws Exception {
    Cli cli = Cli.init(tmp.resolve("repo"), Cli.Mode.IN_PROCESS);
    cli.okWithInput("hello world\n".getBytes(StandardCharsets.UTF_8), "add");
    try (ChildJvm holder = ChildJvm.start(RepoHolder.class.getName(), cli.repo().toString())) {
      assertThat(holder.readLine(60)).startsWith("open");
      holder.kill();
    }
    assertThat(cli.ok("cat", HELLO).out()).isEqualTo("hello world\n");
    assertThat(cli.ok("pin", "verify", "--verbose").lines()).containsExactly(HELLO + " ok");
  }
}
