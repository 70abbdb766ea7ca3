package io.cairn.node.cli;

import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Builds the {@code cairn} command tree. */
public final class Commands {
  private Commands() {}

  /** The whole tree: every command. */
  public static CommandLine commandLine(CliSession session) {
    CommandLine cli = root(session);
    for (Class<?> command : RootCommand.SUBCOMMANDS) {
      cli.addSubcommand(command);
    }
    return finish(cli);
  }

  /**
   * The tree {@code args} needs: when they start with a command's name, the root and that command
   * (with the commands under it) only, else the whole tree. Picocli builds each command's model by
   * reflection when it is added; the whole tree costs about 0.3 s of every start, one top-level
   * command a few milliseconds. Anything else (options before the command, {@code --help} of the
   * root, a typo that needs the list of commands for its message) takes the whole tree.
   */
  public static CommandLine commandLine(CliSession session, String... args) {
    if (args.length > 0) {
      for (Class<?> command : RootCommand.SUBCOMMANDS) {
        Command annotation = command.getAnnotation(Command.class);
        if (annotation.name().equals(args[0])
            || Arrays.asList(annotation.aliases()).contains(args[0])) {
          CommandLine cli = root(session);
          cli.addSubcommand(command);
          return finish(cli);
        }
      }
    }
    return commandLine(session);
  }

  private static CommandLine root(CliSession session) {
    return new CommandLine(new RootCommand(session));
  }

  private static CommandLine finish(CommandLine cli) {
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setUsageHelpAutoWidth(true);
    CommandSpec root = cli.getCommandSpec();
    root.usageMessage().description(HelpText.paragraphs(root.usageMessage().description()));
    for (CommandLine sub : cli.getSubcommands().values()) {
      addHelp(sub);
    }
    return cli;
  }

  /**
   * Gives {@code cmd} and every command under it {@code -h, --help}, which wins over validation,
   * and descriptions in paragraphs ({@link HelpText}).
   */
  private static void addHelp(CommandLine cmd) {
    CommandSpec spec = cmd.getCommandSpec();
    spec.usageMessage().description(HelpText.paragraphs(spec.usageMessage().description()));
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
