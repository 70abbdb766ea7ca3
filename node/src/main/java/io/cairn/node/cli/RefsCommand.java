package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn refs}: the links of DAG nodes, and {@code refs local}: every block in the repo. */
@Command(
    name = "refs",
    description = {
      "List the CIDs a DAG node links to (with -r, the whole DAG below it).",
      "Edges are formatted with --format, using <src>, <dst> and <linkname>."
    },
    subcommands = {RefsCommand.Local.class})
final class RefsCommand implements Runnable {
  @Mixin CommandContext ctx;

  @Mixin PathsOptions paths;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "Format of each edge (default: <dst>).")
  String format;

  @Option(
      names = {"-e", "--edges"},
      description = "Print edges as '<src> -> <dst>'.")
  boolean edges;

  @Option(
      names = {"-u", "--unique"},
      description = "Print each CID once.")
  boolean unique;

  @Option(
      names = {"-r", "--recursive"},
      description = "List the links of the children too, all the way down.")
  boolean recursive;

  @Option(
      names = "--max-depth",
      paramLabel = "N",
      description = "With -r, go at most N links deep (default: no limit).")
  Integer maxDepth;

  @Override
  public void run() {
    ApiRequest request =
        ApiRequest.to("refs")
            .args(paths.orStdin(ctx))
            .option("format", format)
            .option("edges", edges)
            .option("unique", unique)
            .option("recursive", recursive)
            .option("max-depth", maxDepth)
            .build();
    ctx.print(request, v -> printRef(ctx, v));
  }

  /** Kubo's text: the ref, or the error of a root that could not be listed. */
  static void printRef(CommandContext ctx, JsonNode v) {
    String error = v.path("Err").asText();
    if (!error.isEmpty()) {
      throw new UserException(error);
    }
    ctx.out().println(v.path("Ref").asText());
  }

  /** {@code cairn refs local}: every block in the repo, as CIDv1 raw. */
  @Command(name = "local", description = "List every block in the repo (as CIDv1 raw).")
  static class Local implements Runnable {
    @Mixin CommandContext ctx;

    @Override
    public void run() {
      ctx.print(ApiRequest.to("refs/local").build(), v -> printRef(ctx, v));
    }
  }
}
