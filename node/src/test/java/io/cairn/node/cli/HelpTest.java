package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

  /**
   * A command list shows each command's first description line: it must be a whole sentence, not
   * the first line of a paragraph cut where the source wrapped it ("Run a node: ... with the").
   */
  @Test
  void everyCommandListShowsWholeSentences() {
    List<String> firstLines = new ArrayList<>();
    try (CliSession session = new CliSession(new Output(System.out, System.err))) {
      firstLines(Commands.commandLine(session), "", firstLines);
    }
    assertThat(firstLines)
        .hasSizeGreaterThan(60)
        .allSatisfy(line -> assertThat(line).endsWith("."));
  }

  private static void firstLines(CommandLine cmd, String prefix, List<String> out) {
    for (CommandLine sub : cmd.getSubcommands().values()) {
      String path = (prefix + " " + sub.getCommandName()).strip();
      String[] description = sub.getCommandSpec().usageMessage().description();
      out.add(path + ": " + (description.length == 0 ? "" : description[0]));
      firstLines(sub, path, out);
    }
  }

  /**
   * Picocli passes every description through {@code String.format}; a stray {@code %} makes it
   * print a warning on stderr with each usage message (as {@code cid format --help} did).
   */
  @Test
  void noUsageMessageHasABadFormatString() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    List<String> usages = new ArrayList<>();
    try (CliSession session = new CliSession(new Output(System.out, System.err))) {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      usages(Commands.commandLine(session), usages);
    } finally {
      System.setErr(saved);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(usages).anySatisfy(u -> assertThat(u).contains("%% literal %", "(default: %s)"));
  }

  /**
   * The command line a command's name starts gets that command alone (its model is built by
   * reflection, which costs about 0.3 s for the whole tree), and parses as the whole tree does.
   */
  @Test
  void aCommandLineNamingACommandBuildsOnlyThatCommand() {
    try (CliSession session = new CliSession(new Output(System.out, System.err))) {
      assertThat(Commands.commandLine(session, "add", "-Q", "f").getSubcommands().keySet())
          .containsExactly("add");
      assertThat(Commands.commandLine(session, "chain", "account", "new").getSubcommands())
          .containsOnlyKeys("chain");
      assertThat(Commands.commandLine(session, "--offline", "add").getSubcommands())
          .hasSameSizeAs(RootCommand.SUBCOMMANDS);
      assertThat(Commands.commandLine(session).getSubcommands())
          .hasSameSizeAs(RootCommand.SUBCOMMANDS);
    }
  }

  private static void usages(CommandLine cmd, List<String> out) {
    out.add(cmd.getUsageMessage());
    for (CommandLine sub : cmd.getSubcommands().values()) {
      usages(sub, out);
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
