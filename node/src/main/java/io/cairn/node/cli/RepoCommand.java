package io.cairn.node.cli;

import io.cairn.storage.Cid;
import io.cairn.storage.GcResult;
import io.cairn.storage.Multicodec;
import io.cairn.storage.Multihash;
import io.cairn.storage.StorageStats;
import io.cairn.storage.VerifyReport;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn repo}: garbage collection, statistics and integrity checks. */
@Command(
    name = "repo",
    description = "Manage the repo: garbage collection, statistics, integrity.",
    subcommands = {
      RepoCommand.Gc.class,
      RepoCommand.Stat.class,
      RepoCommand.Verify.class,
      RepoCommand.Version.class
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
      GcResult result =
          ctx.storage()
              .collectGarbage(
                  cid -> {
                    if (silent) {
                      return;
                    }
                    if (ctx.json()) {
                      ctx.out().json(Map.of("Key", Map.of("/", cid.toString())));
                    } else {
                      ctx.out().println(quiet ? cid.toString() : "removed " + cid);
                    }
                  });
      if (!silent && !quiet && !ctx.json()) {
        ctx.out()
            .err()
            .println(
                "removed "
                    + result.blocksRemoved()
                    + " blocks ("
                    + Humanize.bytes(result.bytesRemoved())
                    + "), kept "
                    + result.blocksKept());
      }
    }
  }

  @Command(name = "stat", description = "Print the repo's size and number of blocks.")
  static final class Stat implements Runnable {
    @Mixin CommandContext ctx;

    @Option(
        names = {"-s", "--size-only"},
        description = "Only report RepoSize and StorageMax.")
    boolean sizeOnly;

    @Option(
        names = {"-H", "--human"},
        description = "Print sizes in human-readable form.")
    boolean human;

    @Override
    public void run() {
      StorageStats stats = ctx.storage().stats();
      long max = ctx.repo().config().datastore().storageMaxBytes();
      String version = "cairn-repo@" + VersionCommand.REPO_VERSION;
      if (ctx.json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("RepoSize", stats.diskBytes());
        m.put("StorageMax", max);
        if (!sizeOnly) {
          m.put("NumObjects", stats.blockCount());
          m.put("RepoPath", ctx.paths().root().toString());
          m.put("Version", version);
        }
        ctx.out().json(m);
        return;
      }
      TabWriter t = new TabWriter();
      if (!sizeOnly) {
        t.row("NumObjects:", Long.toString(stats.blockCount()));
      }
      t.row(
          "RepoSize:",
          human ? Humanize.bytes(stats.diskBytes()) : Long.toString(stats.diskBytes()));
      t.row("StorageMax:", human ? Humanize.bytes(max) : Long.toString(max));
      if (!sizeOnly) {
        t.row("RepoPath:", ctx.paths().root().toString());
        t.row("Version:", version);
      }
      ctx.out().print(t.render());
    }
  }

  @Command(name = "verify", description = "Re-hash every block and name those that are corrupt.")
  static final class Verify implements Runnable {
    @Mixin CommandContext ctx;

    @Option(
        names = "--drop",
        description = "Remove corrupt blocks (they can then be fetched or added again).")
    boolean drop;

    private static final String CORRUPT =
        " was corrupt (block in storage has different hash than requested)";

    @Override
    public void run() {
      boolean tty = Output.stderrIsTerminal();
      VerifyReport report =
          ctx.storage()
              .verify(
                  p -> {
                    if (p.corruptBlock() != null) {
                      // With --drop the line is printed once the block is removed, as Kubo does.
                      if (!drop) {
                        ctx.out().println("block " + asCid(p.corruptBlock()) + CORRUPT);
                      }
                    } else if (tty && p.blocksChecked() % 1000 == 0) {
                      ctx.out().err().print(p.blocksChecked() + " blocks processed.\r");
                    }
                  });
      if (report.ok()) {
        ctx.out().println("verify complete, all blocks validated.");
        return;
      }
      int corrupt = report.corrupt().size();
      if (!drop) {
        throw new UserException("verify complete, " + corrupt + " blocks corrupt");
      }
      int removed = 0;
      int failed = 0;
      for (Multihash mh : report.corrupt()) {
        Cid cid = asCid(mh);
        String outcome;
        try {
          ctx.storage().blocks().delete(cid);
          removed++;
          outcome = ", removed";
        } catch (RuntimeException e) {
          failed++;
          outcome = ", failed to remove (" + ErrorHandler.message(e) + ")";
        }
        ctx.out().println("block " + cid + CORRUPT + outcome);
      }
      ctx.storage().blocks().sync();
      String summary = "verify complete, " + corrupt + " blocks corrupt, " + removed + " removed";
      if (failed > 0) {
        throw new UserException(summary + ", " + failed + " failed to remove");
      }
      // Kubo succeeds when every corrupt block was removed.
      ctx.out().println(summary);
    }

    private static Cid asCid(Multihash mh) {
      return Cid.v1(Multicodec.RAW, mh);
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
      String v = Integer.toString(VersionCommand.REPO_VERSION);
      if (ctx.json()) {
        ctx.out().json(Map.of("Version", v));
      } else {
        ctx.out().println(quiet ? "cairn-repo@" + v : "cairn repo version cairn-repo@" + v);
      }
    }
  }
}
