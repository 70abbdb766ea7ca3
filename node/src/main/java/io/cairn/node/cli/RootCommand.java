package io.cairn.node.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn}: the root command, which only lists its subcommands. They are added by {@link
 * Commands}, all of them or only the one a command line names.
 */
@Command(
    name = "cairn",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = {
      "A node for content-addressed storage, proofs of storage and compute.",
      "",
      "The repo lives at $CAIRN_PATH (default ~/.cairn). Commands take Kubo's flags and print"
          + " Kubo's output, so scripts written for 'ipfs' work with 'cairn'."
    },
    commandListHeading = "%nCommands:%n",
    footer = {"", "Run 'cairn COMMAND --help' for a command's options."})
final class RootCommand implements Runnable, CliSession.Holder {
  /** The top-level commands, in the order of the usage message. */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          InitCommand.class,
          DaemonCommand.class,
          AddCommand.class,
          CatCommand.class,
          GetCommand.class,
          LsCommand.class,
          FilesCommand.class,
          RefsCommand.class,
          PinCommand.class,
          BlockCommand.class,
          DagCommand.class,
          ObjectCommand.class,
          ResolveCommand.class,
          RepoCommand.class,
          FilestoreCommand.class,
          StatsCommand.class,
          IdCommand.class,
          SwarmCommand.class,
          PubsubCommand.class,
          P2pCommand.class,
          PingCommand.class,
          RoutingCommand.class,
          DhtCommand.class,
          ProvideCommand.class,
          BitswapCommand.class,
          ShutdownCommand.class,
          LogCommand.class,
          DiagCommand.class,
          ConfigCommand.class,
          BootstrapCommand.class,
          KeyCommand.class,
          NameCommand.class,
          CidCommand.class,
          MultibaseCommand.class,
          PieceCommand.class,
          JobCommand.class,
          DealCommand.class,
          ProviderCommand.class,
          ChainCommand.class,
          VersionCommand.class,
          CommandsCommand.class);

  private final CliSession session;

  @Mixin CommandContext ctx;

  @Spec CommandSpec spec;

  RootCommand(CliSession session) {
    this.session = session;
  }

  /**
   * Kubo's global {@code --timeout}. Only before the command name, unlike the other global flags:
   * {@code job run --timeout} is the job's wall time.
   */
  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description =
          "Give up on the command after this long, as Kubo's --timeout: 500ms, 30s, 1m30s"
              + " (before the command name).")
  void timeout(String duration) {
    session.globals().timeout = duration;
  }

  @Override
  public CliSession session() {
    return session;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
