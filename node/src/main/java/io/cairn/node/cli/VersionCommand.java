package io.cairn.node.cli;

import io.cairn.node.api.ApiRequest;
import io.cairn.node.daemon.Dependencies;
import io.cairn.node.daemon.Versions;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn version}: as {@code ipfs version}. */
@Command(
    name = "version",
    description = "Show cairn version information.",
    subcommands = {VersionCommand.Deps.class, VersionCommand.Check.class})
final class VersionCommand implements Runnable {
  /** The repo schema version this build reads and writes. */
  static final int REPO_VERSION = Versions.REPO_VERSION;

  @Mixin CommandContext ctx;

  @Option(
      names = {"-n", "--number"},
      description = "Only show the version number.")
  boolean number;

  @Option(names = "--commit", description = "Show the commit hash.")
  boolean commit;

  @Option(names = "--repo", description = "Show the repo version.")
  boolean repo;

  @Option(names = "--all", description = "Show all version information.")
  boolean all;

  static String version() {
    return Versions.version();
  }

  static String commitHash() {
    String c = VersionCommand.class.getPackage().getSpecificationVersion();
    return c == null ? "" : c;
  }

  @Override
  public void run() {
    if (ctx.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("Version", version());
      m.put("Commit", commitHash());
      m.put("Repo", Integer.toString(REPO_VERSION));
      m.put(
          "System",
          System.getProperty("os.arch") + "/" + System.getProperty("os.name").toLowerCase());
      m.put("Java", System.getProperty("java.version"));
      ctx.out().json(m);
      return;
    }
    if (repo) {
      ctx.out().println(Integer.toString(REPO_VERSION));
      return;
    }
    if (number) {
      ctx.out().println(version() + (commit && !commitHash().isEmpty() ? "-" + commitHash() : ""));
      return;
    }
    if (all) {
      ctx.out()
          .println(
              "Cairn version: " + version() + (commitHash().isEmpty() ? "" : "-" + commitHash()));
      ctx.out().println("Repo version: " + REPO_VERSION);
      ctx.out()
          .println(
              "System version: "
                  + System.getProperty("os.arch")
                  + "/"
                  + System.getProperty("os.name").toLowerCase());
      ctx.out().println("Java version: " + System.getProperty("java.version"));
      return;
    }
    ctx.out()
        .println(
            "cairn version "
                + version()
                + (commit && !commitHash().isEmpty() ? "-" + commitHash() : ""));
  }

  /** For {@code cairn --version}. */
  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"cairn version " + version()};
    }
  }

  @Command(
      name = "deps",
      description = {
        "List the artifacts this build runs on, as Kubo's lists its Go modules.",
        "  One GROUP:ARTIFACT@VERSION a line, this program first."
      })
  static final class Deps implements Runnable {
    @Mixin CommandContext ctx;

    @Override
    public void run() {
      for (Dependencies.Dependency d : Dependencies.ofThisProcess()) {
        if (ctx.json()) {
          ctx.out().json(d.json());
        } else {
          ctx.out().println(d.path() + "@" + d.version());
        }
      }
    }
  }

  @Command(
      name = "check",
      description = {
        "Compare this version with the Cairn versions of the peers in the DHT's routing table.",
        "  Peers of another program or with a pre-release version are not counted."
      })
  static final class Check implements Runnable {
    @Mixin CommandContext ctx;

    @Option(
        names = {"-t", "--min-percent"},
        paramLabel = "PERCENT",
        description =
            "Percentage (1-100) of sampled peers with a newer version needed to report an"
                + " update (default: 5).")
    Integer minPercent;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("version/check").option("min-percent", minPercent).build(),
          v ->
              ctx.out()
                  .print(
                      "Running version: "
                          + v.path("RunningVersion").asText()
                          + "\nGreatest version seen: "
                          + v.path("GreatestVersion").asText()
                          + "\nPeers sampled: "
                          + v.path("PeersSampled").asInt()
                          + " (this node included), with a greater version: "
                          + v.path("WithGreaterVersion").asInt()
                          + "\nUpdate available: "
                          + (v.path("UpdateAvailable").asBoolean() ? "yes" : "no")
                          + "\n"));
    }
  }
}
