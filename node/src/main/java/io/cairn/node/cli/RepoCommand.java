package io.cairn.node.cli;

import io.cairn.node.api.ApiRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn repo}: garbage collection, statistics and integrity checks. */
@Command(
    name = "repo",
    description = "Manage the repo: garbage collection, statistics, integrity.",
    subcommands = {
      RepoCommand.Gc.class,
      RepoStatCommand.class,
      RepoCommand.Verify.class,
      RepoCommand.Version.class,
      RepoCommand.Ls.class,
      RepoCommand.Reprovide.class
    })
final class RepoCommand extends GroupCommand {

  @Command(
      name = "gc",
      description = {
        "Remove every block that no pin reaches.",
        "Safe while other commands add data: blocks of unfinished adds are kept."
      })
  static final class Gc implements Runnable {
    @Mixin CommandContext ctx;

    @Option(
        names = {"-q", "--quiet"},
        description = "Print only the removed CIDs.")
    boolean quiet;

    @Option(names = "--silent", description = "Print nothing.")
    boolean silent;

    @Option(
        names = "--stream-errors",
        description = "Accepted for Kubo compatibility; errors always stop the collection.")
    boolean streamErrors;

    @Override
    public void run() {
      // The closing summary line is cairn's own; the node adds its figures only when asked.
      boolean summary = !silent && !quiet && !ctx.json();
      ApiRequest request =
          ApiRequest.to("repo/gc")
              .option("quiet", quiet)
              .option("silent", silent)
              .option("summary", summary ? true : null)
              .build();
      ctx.print(
          request,
          v -> {
            if (v.has("Summary")) {
              var s = v.get("Summary");
              ctx.out()
                  .err()
                  .println(
                      "removed "
                          + s.path("BlocksRemoved").asLong()
                          + " blocks ("
                          + Humanize.bytes(s.path("BytesRemoved").asLong())
                          + "), kept "
                          + s.path("BlocksKept").asLong());
              return;
            }
            String cid = v.path("Key").path("/").asText();
            ctx.out().println(quiet ? cid : "removed " + cid);
          });
    }
  }

  @Command(name = "verify", description = "Re-hash every block and name those that are corrupt.")
  static final class Verify implements Runnable {
    @Mixin CommandContext ctx;

    @Option(
        names = "--drop",
        description = "Remove corrupt blocks (they can then be fetched or added again).")
    boolean drop;

    @Option(
        names = "--heal",
        description =
            "Remove corrupt blocks and fetch them again from peers (implies --drop; needs the"
                + " daemon with its network).")
    boolean heal;

    @Option(
        names = "--heal-timeout",
        paramLabel = "DURATION",
        description = "How long to wait for each block with --heal (default: 30s; 0: no limit).")
    String healTimeout;

    @Override
    public void run() {
      boolean tty = Output.stderrIsTerminal();
      ctx.print(
          ApiRequest.to("repo/verify")
              .option("drop", drop)
              .option("heal", heal ? true : null)
              .option("heal-timeout", healTimeout)
              .build(),
          v -> {
            String msg = v.path("Msg").asText();
            if (!msg.isEmpty()) {
              ctx.out().println(msg);
            } else if (tty) {
              ctx.out().err().print(v.path("Progress").asLong() + " blocks processed.\r");
            }
          });
    }
  }

  @Command(name = "version", description = "Show the repo version.")
  static final class Version implements Runnable {
    @Mixin CommandContext ctx;

    @Option(
        names = {"-q", "--quiet"},
        description = "Write minimal output.")
    boolean quiet;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("repo/version").option("quiet", quiet).build(),
          v -> {
            String version = "cairn-repo@" + v.path("Version").asText();
            ctx.out().println(quiet ? version : "cairn repo version " + version);
          });
    }
  }

  @Command(name = "ls", description = "List every block in the repo (as 'cairn refs local').")
  static final class Ls extends RefsCommand.Local {}

  /** {@code cairn repo reprovide}: the reprovide sweep's state, as {@code stats reprovide}. */
  @Command(
      name = "reprovide",
      description =
          "Show the reprovide sweep: blocks provided, regions, next due (daemon only; 'cairn"
              + " routing reprovide' runs it now).")
  static final class Reprovide extends StatsCommand.Reprovide {}
}
