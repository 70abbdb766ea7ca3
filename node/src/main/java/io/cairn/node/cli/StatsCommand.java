package io.cairn.node.cli;

import picocli.CommandLine.Command;

/** {@code cairn stats}: Kubo's statistics commands; only {@code repo} so far. */
@Command(
    name = "stats",
    description = "Statistics of the node.",
    subcommands = {StatsCommand.Repo.class})
final class StatsCommand extends GroupCommand {
  /** {@code cairn stats repo}: Kubo's alias of {@code repo stat}. */
  @Command(name = "repo", description = "Print the repo's size and number of blocks.")
  static final class Repo extends RepoStatCommand {}
}
