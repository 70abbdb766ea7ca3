package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn dag stat}: the size and number of blocks of DAGs, printed as Kubo prints them; the
 * node's partial summaries drive the progress bar, the last one is the result.
 */
@Command(
    name = "stat",
    description = "Print the size and number of blocks of DAGs (each block counted once).")
final class DagStatCommand implements Runnable {
  @Mixin CommandContext ctx;

  @Parameters(paramLabel = "ROOT", arity = "1..*", description = "Root CIDs or /ipfs/ paths.")
  List<String> roots;

  @Mixin ProgressOptions progress;

  @Override
  public void run() {
    boolean showProgress = Progress.wanted(ctx, progress.progress);
    JsonNode[] last = {null};
    try (Progress bar = Progress.count(ctx, progress.progress, "blocks")) {
      ctx.call(
          ApiRequest.to("dag/stat").args(roots).option("progress", showProgress).build(),
          v -> {
            last[0] = v;
            long blocks = 0;
            for (JsonNode d : v.path("DagStats")) {
              blocks += d.path("NumBlocks").asLong();
            }
            bar.set(blocks);
          });
    }
    JsonNode summary = last[0];
    if (ctx.json()) {
      ctx.out().json(summary);
      return;
    }
    JsonNode dags = summary.path("DagStats");
    int width = dags.path(0).path("Cid").asText().length();
    StringBuilder sb = new StringBuilder("\n");
    sb.append(String.format("%-" + width + "s\t%-15s\tSize%n", "CID", "Blocks"));
    for (JsonNode d : dags) {
      sb.append(
          String.format(
              "%s\t%-15s\t%s%n",
              d.path("Cid").asText(), d.path("NumBlocks").asLong(), d.path("Size").asLong()));
    }
    long totalSize = summary.path("TotalSize").asLong();
    long shared = summary.path("SharedSize").asLong();
    sb.append("\nSummary\n");
    sb.append(String.format("Total Size: %d (%s)%n", totalSize, Humanize.bytes(totalSize)));
    sb.append(String.format("Unique Blocks: %d%n", summary.path("UniqueBlocks").asLong()));
    sb.append(String.format("Shared Size: %d (%s)%n", shared, Humanize.bytes(shared)));
    // Kubo ends the summary with three newlines.
    sb.append(String.format("Ratio: %f%n%n%n", (float) summary.path("Ratio").asDouble()));
    ctx.out().print(sb.toString());
  }
}
