package io.cairn.node.cli;

import io.cairn.node.api.ApiRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn repo stat} (and {@code cairn stats repo}): the repo's size and block count. */
@Command(name = "stat", description = "Print the repo's size and number of blocks.")
class RepoStatCommand implements Runnable {
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
    ctx.print(
        ApiRequest.to("repo/stat").option("size-only", sizeOnly).option("human", human).build(),
        v -> {
          TabWriter t = new TabWriter();
          if (!sizeOnly) {
            t.row("NumObjects:", v.path("NumObjects").asText());
          }
          t.row("RepoSize:", size(v.path("RepoSize").asLong()));
          t.row("StorageMax:", size(v.path("StorageMax").asLong()));
          if (!sizeOnly) {
            t.row("RepoPath:", v.path("RepoPath").asText());
            t.row("Version:", v.path("Version").asText());
          }
          ctx.out().print(t.render());
        });
  }

  private String size(long bytes) {
    return human ? Humanize.bytes(bytes) : Long.toString(bytes);
  }
}
