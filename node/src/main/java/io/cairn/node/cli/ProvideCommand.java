package io.cairn.node.cli;

import io.cairn.node.api.ApiRequest;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn provide}: the provide system, as Kubo's {@code ipfs provide}. */
@Command(
    name = "provide",
    description = {
      "Control and monitor content providing (daemon only).",
      "Provider records tell peers which nodes hold each CID. Content is reprovided on a sweep of"
          + " the DHT keyspace every Provide.DHT.Interval, as Provide.Strategy says;"
          + " 'provide once' announces CIDs without scheduling them."
    },
    subcommands = {
      ProvideCommand.Clear.class,
      ProvideCommand.Once.class,
      ProvideCommand.Stat.class
    })
final class ProvideCommand extends GroupCommand {

  @Command(
      name = "clear",
      description = {
        "Clear all CIDs from the provide queue.",
        "The queue holds CIDs waiting to be announced for the first time (and those of 'provide"
            + " once'); content already reprovided on schedule is not affected."
      })
  static final class Clear implements Runnable {
    @Mixin CommandContext ctx;

    @Option(
        names = {"-q", "--quiet"},
        description = "Do not write output.")
    boolean quiet;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("provide/clear").option("quiet", quiet ? true : null).build(),
          v -> ctx.out().println("removed " + v.asLong() + " items from provide queue"));
    }
  }

  @Command(
      name = "once",
      description = {
        "Announce CIDs to the routing system on demand.",
        "Publishes provider records for the given CIDs once, without adding them to the reprovide"
            + " schedule. The CIDs must be in the repo; they are given as arguments or on stdin,"
            + " one a line, and each is announced once. Prints the number queued; with"
            + " --enc=json, one {\"Queued\": \"<cid>\"} per CID."
      })
  static final class Once implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(arity = "0..*", paramLabel = "CID", description = "The CID(s) to announce.")
    List<String> cids;

    @Option(
        names = {"-r", "--recursive"},
        description = "Recursively announce the entire DAG.")
    boolean recursive;

    @Override
    public void run() {
      List<String> args = StdinArguments.orStdin(ctx, cids, "CID");
      int[] count = {0};
      ctx.print(
          ApiRequest.to("provide/once")
              .args(args)
              .option("recursive", recursive ? true : null)
              .build(),
          v -> count[0]++);
      if (!ctx.json()) {
        ctx.out().println("queued " + count[0] + " CID(s) for immediate provide");
      }
    }
  }

  @Command(
      name = "stat",
      description = {
        "Show statistics about the provide system.",
        "Without flags, a brief summary: queues, schedule, record holders and provides. --all"
            + " shows every section (connectivity, queues, schedule, timings, network,"
            + " operations), or name sections with their flags; --compact lays --all out in two"
            + " columns. Fields Cairn does not measure are N/A or zero."
      })
  static class Stat implements Runnable {
    @Mixin CommandContext ctx;

    @Option(
        names = "--lan",
        description = "Show stats for the LAN DHT only (the WAN DHT's without it).")
    boolean lan;

    @Option(
        names = {"-a", "--all"},
        description = "Display all provide sweep stats.")
    boolean all;

    @Option(names = "--compact", description = "Display stats in 2-column layout (needs --all).")
    boolean compact;

    @Option(names = "--connectivity", description = "Display DHT connectivity status.")
    boolean connectivity;

    @Option(names = "--network", description = "Display network stats (peers, reachability).")
    boolean network;

    @Option(names = "--schedule", description = "Display the reprovide schedule.")
    boolean schedule;

    @Option(names = "--timings", description = "Display uptime, cycle start and interval.")
    boolean timings;

    @Option(names = "--workers", description = "Display worker pool stats (none in Cairn).")
    boolean workers;

    @Option(names = "--operations", description = "Display operation stats (provides, errors).")
    boolean operations;

    @Option(names = "--queues", description = "Display provide and reprovide queue sizes.")
    boolean queues;

    /** The RPC command that answers. */
    String path() {
      return "provide/stat";
    }

    @Override
    public void run() {
      ProvideStatText.Flags flags =
          new ProvideStatText.Flags(
              all, compact, connectivity, queues, schedule, network, timings, operations, workers);
      ctx.print(
          ApiRequest.to(path()).option("lan", lan ? true : null).build(),
          v -> {
            ctx.out().print(ProvideStatText.render(v.path("Sweep"), flags));
            ctx.out().flush();
          });
    }
  }
}
