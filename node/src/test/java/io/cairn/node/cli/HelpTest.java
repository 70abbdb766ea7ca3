package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every command, however many arguments it requires, answers {@code --help} with its usage. */
class HelpTest {
  @TempDir Path tmp;

  @Test
  void everyCommandPrintsItsUsageForHelp() {
    List<String> paths = new ArrayList<>();
    try (CliSession session = new CliSession(new Output(System.out, System.err))) {
      collect(Commands.commandLine(session), "", paths);
    }
    assertThat(paths)
        .contains(
            "add",
            "piece prove",
            "deal make",
            "chain account import",
            "swarm peers",
            "swarm addrs local",
            "ping",
            "routing findprovs",
            "routing provide",
            "bitswap ledger",
            "stats bitswap",
            "stats reprovide",
            "repo reprovide",
            "provider compute",
            "provider verify",
            "job submit",
            "job dispute",
            "job show");
    Cli cli = new Cli(tmp.resolve("no-repo"), Cli.Mode.IN_PROCESS);
    for (String path : paths) {
      List<String> args = new ArrayList<>(List.of(path.split(" ")));
      args.add("--help");
      Run run = cli.run(args.toArray(String[]::new));
      assertThat(run.exit()).as("exit of '%s --help': %s", path, run.err()).isZero();
      assertThat(run.out()).as("usage of '%s'", path).startsWith("Usage: cairn " + path);
    }
  }

  private static void collect(CommandLine cmd, String prefix, List<String> out) {
    for (CommandLine sub : cmd.getSubcommands().values()) {
      String name = sub.getCommandName();
      String path = prefix.isEmpty() ? name : prefix + " " + name;
      if (!out.contains(path)) {
        out.add(path);
        collect(sub, path, out);
      }
    }
  }
}
