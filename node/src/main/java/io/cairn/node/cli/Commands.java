package io.cairn.node.cli;

import picocli.CommandLine;

/** Builds the {@code cairn} command tree. */
public final class Commands {
  private Commands() {}

  public static CommandLine commandLine(CliSession session) {
    CommandLine cli = new CommandLine(new RootCommand(session));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setUsageHelpAutoWidth(true);
    return cli;
  }
}
