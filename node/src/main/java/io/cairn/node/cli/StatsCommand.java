package io.cairn.node.cli;

import io.cairn.node.api.ApiRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cairn stats}: Kubo's statistics commands: repo, bitswap and the reprovide sweep. */
@Command(
    name = "stats",
    description = "Statistics of the node.",
    subcommands = {
      StatsCommand.Repo.class,
      StatsCommand.Bitswap.class,
      StatsCommand.Reprovide.class
    })
final class StatsCommand extends GroupCommand {
  /** {@code cairn stats repo}: Kubo's alias of {@code repo stat}. */
  @Command(name = "repo", description = "Print the repo's size and number of blocks.")
  static final class Repo extends RepoStatCommand {}

  /** {@code cairn stats bitswap}: Kubo's alias of {@code bitswap stat}. */
  @Command(name = "bitswap", description = "Show Bitswap's counters (daemon only).")
  static final class Bitswap extends BitswapCommand.Stat {}

  /** {@code cairn stats reprovide}: the reprovide sweep's state. */
  @Command(
      name = "reprovide",
      description = "Show the reprovide sweep: blocks provided, regions, next due (daemon only).")
  static class Reprovide implements Runnable {
    @Mixin CommandContext ctx;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("stats/reprovide").build(),
          v ->
              v.fields()
                  .forEachRemaining(
                      e -> ctx.out().println(e.getKey() + ":\t" + text(e.getValue()))));
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode v) {
      return v.isNull() ? "never" : v.asText();
    }
  }
}
