package io.cairn.node.cli;

import io.cairn.node.api.ApiRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cairn stats}: Kubo's statistics commands: repo, bitswap, bandwidth, the DHT's routing
 * table, the provide system (Kubo's deprecated alias of {@code provide stat}) and the reprovide
 * sweep.
 */
@Command(
    name = "stats",
    description = "Statistics of the node.",
    subcommands = {
      StatsCommand.Repo.class,
      StatsCommand.Bitswap.class,
      StatsCommand.Bw.class,
      StatsDhtCommand.class,
      StatsCommand.Provide.class,
      StatsCommand.Reprovide.class
    })
final class StatsCommand extends GroupCommand {
  /** {@code cairn stats repo}: Kubo's alias of {@code repo stat}. */
  @Command(name = "repo", description = "Print the repo's size and number of blocks.")
  static final class Repo extends RepoStatCommand {}

  /** {@code cairn stats bitswap}: Kubo's alias of {@code bitswap stat}. */
  @Command(name = "bitswap", description = "Show Bitswap's counters (daemon only).")
  static final class Bitswap extends BitswapCommand.Stat {}

  /**
   * {@code cairn stats bw}: the host's bytes in and out and their rates, or one peer's or
   * protocol's, as Kubo prints them.
   */
  @Command(
      name = "bw",
      description = {
        "Show the bytes the node's libp2p host received and sent, and the rates over the last"
            + " second (daemon only).",
        "Counted on the sockets, encryption included, for the whole host; with --peer or --proto,"
            + " the bytes of the streams with one peer or of one protocol."
      })
  static final class Bw implements Runnable {
    @Mixin CommandContext ctx;

    @Option(
        names = {"-p", "--peer"},
        paramLabel = "PEER",
        description = "Only the bytes of the streams with this peer.")
    String peer;

    @Option(
        names = {"-t", "--proto"},
        paramLabel = "PROTOCOL",
        description = "Only the bytes of the streams of this protocol (e.g. /ipfs/bitswap/1.2.0).")
    String proto;

    @Option(names = "--poll", description = "Print the figures again every interval.")
    boolean poll;

    @Option(
        names = {"-i", "--interval"},
        paramLabel = "DURATION",
        description = "Time between two prints with --poll (default: 1s).")
    String interval;

    @Override
    public void run() {
      ApiRequest request =
          ApiRequest.to("stats/bw")
              .option("peer", peer)
              .option("proto", proto)
              .option("poll", poll ? true : null)
              .option("interval", interval)
              .build();
      if (poll && !ctx.json()) {
        ctx.out().println("Total Up    Total Down  Rate Up     Rate Down");
      }
      ctx.print(
          request,
          v -> {
            long in = v.path("TotalIn").asLong();
            long out = v.path("TotalOut").asLong();
            long rateIn = (long) v.path("RateIn").asDouble();
            long rateOut = (long) v.path("RateOut").asDouble();
            if (poll) {
              // Kubo's line, rewritten in place.
              ctx.out()
                  .print(
                      String.format(
                          "%8s    %8s    %8s/s  %8s/s      \r",
                          Humanize.bytes(out),
                          Humanize.bytes(in),
                          Humanize.bytes(rateOut),
                          Humanize.bytes(rateIn)));
              ctx.out().flush();
            } else {
              ctx.out().println("Bandwidth");
              ctx.out().println("TotalIn: " + Humanize.bytes(in));
              ctx.out().println("TotalOut: " + Humanize.bytes(out));
              ctx.out().println("RateIn: " + Humanize.bytes(rateIn) + "/s");
              ctx.out().println("RateOut: " + Humanize.bytes(rateOut) + "/s");
            }
          });
    }
  }

  /** {@code cairn stats provide}: Kubo's deprecated alias of {@code provide stat}. */
  @Command(
      name = "provide",
      description = {
        "Deprecated command, use 'cairn provide stat' instead.",
        "'cairn stats provide' is deprecated because provide and reprovide operations are now"
            + " distinct; it prints what 'cairn provide stat' prints."
      })
  static final class Provide extends ProvideCommand.Stat {
    @Override
    String path() {
      return "stats/provide";
    }
  }

  /** {@code cairn stats reprovide}: the reprovide sweep's state. */
  @Command(
      name = "reprovide",
      description = "Show the reprovide sweep: blocks provided, regions, next due (daemon only).")
  static class Reprovide implements Runnable {
    @Mixin CommandContext ctx;

    @Option(names = "--lan", description = "Show the LAN DHT's sweep (the WAN DHT's without it).")
    boolean lan;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("stats/reprovide").option("lan", lan ? true : null).build(),
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
