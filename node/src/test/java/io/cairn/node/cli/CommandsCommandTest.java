package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kubo's {@code commands} and {@code commands completion}, which need no repo. */
class CommandsCommandTest {
  @TempDir Path tmp;

  private Cli cli() {
    return new Cli(tmp.resolve("no-repo"), Cli.Mode.IN_PROCESS);
  }

  @Test
  void listsEveryCommandSortedAndWithFlagsEachOption() {
    List<String> lines = cli().ok("commands").lines();
    assertThat(lines).startsWith("cairn", "cairn add");
    assertThat(lines).isSorted();
    assertThat(lines)
        .contains(
            "cairn files write", "cairn key rotate", "cairn diag cmds clear", "cairn commands");
    assertThat(lines).doesNotContain("cairn key list"); // hidden
    assertThat(lines).noneMatch(l -> l.contains(" --"));

    List<String> flags = cli().ok("commands", "--flags").lines();
    // Kubo's form: each name with the command path; global options only on the root
    assertThat(flags)
        .contains("cairn add --quiet / cairn add -q", "cairn commands --flags / cairn commands -f");
    assertThat(flags).noneMatch(l -> l.startsWith("cairn add --api"));
    assertThat(flags).isSorted();
    assertThat(flags.size()).isGreaterThan(lines.size());

    var json = cli().ok("--enc=json", "commands").json();
    assertThat(json.get("Name").asText()).isEqualTo("cairn");
    assertThat(json.get("Subcommands").findValuesAsText("Name")).contains("add", "files", "write");
    assertThat(json.at("/Options").toString()).contains("{\"Names\":[\"timeout\"]}");
  }

  @Test
  void bashCompletionIsAScriptBashLoads() throws Exception {
    String script = cli().ok("commands", "completion", "bash").out();
    Path file = Files.writeString(tmp.resolve("cairn-completion.bash"), script);
    Process bash =
        new ProcessBuilder("bash", "-c", "source " + file + " && complete -p cairn")
            .redirectErrorStream(true)
            .start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as(out).isZero();
    assertThat(out).startsWith("complete ").contains("-F _complete_cairn cairn");
    assertThat(script).contains("files", "rotate");

    assertThat(cli().ok("commands", "completion", "zsh").out())
        .startsWith("autoload -U +X compinit && compinit\n")
        .contains("bashcompinit");
    assertThat(cli().fails("commands", "completion", "fish")).contains("not supported");
  }

  @Test
  void needsNoRepo() throws IOException {
    cli().ok("commands");
    assertThat(Files.exists(tmp.resolve("no-repo"))).isFalse();
  }
}
