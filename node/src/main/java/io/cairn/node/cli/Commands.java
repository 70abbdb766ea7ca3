package io.cairn.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Builds the {@code cairn} command tree. */
public final class Commands {
  private Commands() {}

  public static CommandLine commandLine(CliSession session) {
    CommandLine cli = new CommandLine(new RootCommand(session));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setUsageHelpAutoWidth(true);
    for (CommandLine sub : cli.getSubcommands().values()) {
      addHelp(sub);
    }
    return cli;
  }

  /**
   * Gives {@code cmd} and every command under it {@code -h, --help}, which wins over validation.
   */
  private static void addHelp(CommandLine cmd) {
    CommandSpec spec = cmd.getCommandSpec();
    if (spec.findOption("--help") == null) {
      String[] names =
          spec.findOption("-h") == null ? new String[] {"-h", "--help"} : new String[] {"--help"};
      spec.addOption(
          OptionSpec.builder(names)
              .usageHelp(true)
              .description("Show this help message and exit.")
              .build());
    }
    for (CommandLine sub : cmd.getSubcommands().values()) {
      addHelp(sub);
    }
  }
}
