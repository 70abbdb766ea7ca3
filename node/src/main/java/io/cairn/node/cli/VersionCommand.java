package io.cairn.node.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn version}: as {@code ipfs version}. */
@Command(name = "version", description = "Show cairn version information.")
final class VersionCommand implements Runnable {
  /** The repo schema version this build reads and writes. */
  static final int REPO_VERSION = 1;

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
    String v = VersionCommand.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-dev" : v;
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
}
