package io.cairn.node.cli;

import io.cairn.config.RepoInitializer;
import io.cairn.config.RepoPaths;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn init}: creates a repo with a new node identity, as {@code ipfs init}. */
@Command(
    name = "init",
    description = {
      "Initialize a repo: the config file, an Ed25519 node identity and the block store.",
      "The repo goes to --repo-dir, else $CAIRN_PATH, else ~/.cairn."
    })
final class InitCommand implements Runnable {
  @Mixin CommandContext ctx;

  @Option(
      names = {"-p", "--profile"},
      split = ",",
      paramLabel = "PROFILE",
      description =
          "Apply profiles to the new config (comma-separated). See 'cairn config profile ls'.")
  List<String> profiles = new ArrayList<>();

  @Option(
      names = "--if-missing",
      description = "Do nothing (and succeed) when a repo already exists.")
  boolean ifMissing;

  @Option(
      names = {"-e", "--empty-repo"},
      description =
          "Kubo's flag to skip adding its help files: Cairn never adds any, so this changes"
              + " nothing (accepted for scripts written for ipfs).")
  boolean emptyRepo;

  @Option(
      names = {"-a", "--algorithm"},
      paramLabel = "ALG",
      description = "Key type of the node identity: ed25519 (the only one, and Kubo's default).")
  String algorithm = "ed25519";

  @Override
  public void run() {
    if (!algorithm.equalsIgnoreCase("ed25519")) {
      throw new UserException(
          "unsupported key algorithm '"
              + algorithm
              + "': Cairn creates ed25519 node identities only (Kubo's default)");
    }
    RepoPaths paths = ctx.paths();
    if (paths.exists()) {
      if (ifMissing) {
        return;
      }
      throw new UserException("cairn repo already exists at " + paths.root());
    }
    // Kubo prints this on stdout before the identity; with JSON, stdout is kept for the object.
    java.util.function.Consumer<String> say =
        ctx.json() ? ctx.out().err()::print : ctx.out()::print;
    say.accept("generating ED25519 keypair...");
    RepoInitializer.Result result = RepoInitializer.init(paths, profiles);
    say.accept("done\n");
    if (ctx.json()) {
      ctx.out()
          .json(
              java.util.Map.of("ID", result.peerId().toString(), "Path", paths.root().toString()));
      return;
    }
    ctx.out().println("peer identity: " + result.peerId());
    ctx.out().println("initializing Cairn node at " + paths.root());
  }
}
