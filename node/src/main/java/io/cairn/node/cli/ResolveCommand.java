package io.cairn.node.cli;

import io.cairn.node.api.ApiRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn resolve PATH}: as {@code ipfs resolve}, one line {@code /ipfs/<cid>[/rest]}. */
@Command(
    name = "resolve",
    description =
        "Print the /ipfs/ path of the last block a path reaches (UnixFS names and IPLD fields are"
            + " followed; IPNS names are not supported).")
final class ResolveCommand implements Runnable {
  @Mixin CommandContext ctx;

  @Parameters(
      paramLabel = "PATH",
      description = "/ipfs/<cid>[/path], /ipld/<cid>[/path], <cid>[/path], or ipfs://<cid>[/path]")
  String name;

  @Option(
      names = {"-r", "--recursive"},
      negatable = true,
      description = "Resolve until the result is an /ipfs/ path (default; only IPNS names differ).")
  boolean recursive = true;

  @Override
  public void run() {
    ctx.print(
        ApiRequest.to("resolve").arg(name).option("recursive", recursive ? null : false).build(),
        v -> ctx.out().println(v.path("Path").asText()));
  }
}
