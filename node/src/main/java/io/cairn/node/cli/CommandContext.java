package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.function.Consumer;
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
      names = "--offline",
      description = "Use only blocks in the repo: never fetch from the network.")
  void offline(boolean offline) {
    session().globals().offline = offline;
  }

  @Option(
      names = "--cid-base",
      paramLabel = "BASE",
      description =
          "Multibase for CIDs in output: base32, base36, base58btc, base64url..."
              + " (a CIDv0 becomes CIDv1 in any base but base58btc).")
  void cidBase(String base) {
    session().globals().cidBase = base;
  }

  @Option(
      names = "--upgrade-cidv0-in-output",
      negatable = true,
      description = "Write CIDv0 as CIDv1 in output, or not, whatever --cid-base says.")
  void upgradeCidV0(Boolean upgrade) {
    session().globals().upgradeCidV0 = upgrade;
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

  /** Where commands run: the daemon's API when one runs, else in this process. */
  public io.cairn.node.api.Api api() {
    return session().api();
  }

  /** Runs {@code request} and hands each value it emits to {@code each}. */
  public void call(io.cairn.node.api.ApiRequest request, Consumer<JsonNode> each) {
    api().call(request, ResultSinks.values(each));
  }

  /**
   * Runs {@code request} and prints each value it emits: as a line of JSON with {@code --enc=json}
   * (as Kubo's CLI does), else as {@code text} renders it.
   */
  public void print(io.cairn.node.api.ApiRequest request, Consumer<JsonNode> text) {
    call(
        request,
        v -> {
          if (json()) {
            out().json(v);
          } else {
            text.accept(v);
          }
        });
  }

  public boolean json() {
    return globals().json();
  }
}
