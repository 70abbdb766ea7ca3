package io.cairn.node.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The mixin every command carries: Kubo's global flags (stored on the root command, so they work
 * before or after the subcommand name) and access to output and the repo.
 */
public final class CommandContext {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  private CliSession session() {
    return ((CliSession.Holder) mixee.root().userObject()).session();
  }

  @Option(
      names = "--repo-dir",
      paramLabel = "PATH",
      description = "Path to the repo (default: $CAIRN_PATH, else ~/.cairn).")
  void repoDir(Path path) {
    session().globals().repoDir = path;
  }

  @Option(
      names = {"--enc", "--encoding"},
      paramLabel = "ENC",
      description = "Output encoding: ${COMPLETION-CANDIDATES} (default: text).")
  void encoding(GlobalOptions.Encoding encoding) {
    session().globals().encoding = encoding;
  }

  @Option(
      names = "--api",
      paramLabel = "MULTIADDR",
      description = "Use the daemon's RPC API at this address (default: the repo's api file).")
  void api(String address) {
    session().globals().apiAddress = address;
  }

  @Option(
      names = "--api-auth",
      paramLabel = "SECRET",
      description =
          "Authorization header for the RPC API, e.g. 'Bearer token' or 'Basic user:pass'.")
  void apiAuth(String secret) {
    session().globals().apiAuth = secret;
  }

  @Option(
      names = {"-D", "--debug"},
      description = "Print stack traces of errors.")
  void debug(boolean debug) {
    session().globals().debug = debug;
  }

  public GlobalOptions globals() {
    return session().globals();
  }

  public Output out() {
    return session().output();
  }

  public io.cairn.config.RepoPaths paths() {
    return session().paths();
  }

  public io.cairn.config.NodeConfig config() {
    return session().config();
  }

  /**
   * The open repo (config, lock, storage), opened on first use and closed when the command ends.
   */
  public RepoSession repo() {
    return session().repo();
  }

  /** The repo's storage. */
  public io.cairn.storage.Storage storage() {
    return repo().storage();
  }

  /** Where commands run: the daemon's API when one runs, else in this process. */
  public io.cairn.node.api.Api api() {
    return session().api();
  }

  public boolean json() {
    return globals().json();
  }
}
