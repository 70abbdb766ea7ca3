package io.cairn.node.cli;

import io.cairn.node.api.ApiRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn resolve PATH}: as {@code ipfs resolve}, one line {@code /ipfs/<cid>[/rest]}. */
@Command(
    name = "resolve",
    description = {
      "Print the /ipfs/ path of the last block a path reaches.",
      "IPNS names (/ipns/<name>[/path]) are resolved first, through names that point at names,"
          + " then UnixFS names and IPLD fields are followed; with --recursive=false an /ipns/ path"
          + " is resolved one step and the record's value printed."
    })
final class ResolveCommand implements Runnable {
  @Mixin CommandContext ctx;
  @Mixin DhtResolveOptions dht;

  @Parameters(
      paramLabel = "PATH",
      description =
          "/ipfs/<cid>[/path], /ipns/<name>[/path], /ipld/<cid>[/path], <cid>[/path], or"
              + " ipfs://<cid>[/path]")
  String name;

  @Option(
      names = {"-r", "--recursive"},
      negatable = true,
      description = "Resolve until the result is an /ipfs/ path (default true).")
  boolean recursive = true;

  @Override
  public void run() {
    ctx.print(
        dht.addTo(ApiRequest.to("resolve").arg(name).option("recursive", recursive ? null : false))
            .build(),
        v -> ctx.out().println(v.path("Path").asText()));
  }
}
