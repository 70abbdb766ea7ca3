package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn ls}: directory listings as {@code ipfs ls} prints them. */
@Command(name = "ls", description = "List directory contents (Hash, Size, Name), as 'ipfs ls'.")
final class LsCommand implements Runnable {
  @Mixin CommandContext ctx;

  @Mixin PathsOptions paths;

  @Option(
      names = {"-v", "--headers"},
      description = "Print table headers (Hash, Size, Name).")
  boolean headers;

  @Option(
      names = "--resolve-type",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Fetch children to learn their types (default: true).")
  boolean resolveType;

  @Option(
      names = "--size",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Show file sizes (default: true).")
  boolean size;

  @Option(
      names = {"-s", "--stream"},
      description = "Print entries as they are found, in DAG order.")
  boolean stream;

  @Override
  public void run() {
    List<String> args = paths.orStdin(ctx);
    ApiRequest request =
        ApiRequest.to("ls")
            .args(args)
            .option("resolve-type", resolveType)
            .option("size", size)
            .option("stream", stream)
            .build();
    boolean multiple = args.size() > 1;
    String[] lastHash = {null};
    ctx.print(request, output -> print(output, multiple, lastHash));
  }

  /**
   * Prints one {@code LsOutput} as Kubo's CLI does: a heading ({@code path:}, and the table header
   * with {@code -v}) whenever the directory changes, then the rows, aligned in columns, or each
   * padded on its own when streaming.
   */
  private void print(JsonNode output, boolean multiple, String[] lastHash) {
    for (JsonNode object : output.path("Objects")) {
      String hash = object.path("Hash").asText();
      TabWriter table = new TabWriter();
      if (!hash.equals(lastHash[0])) {
        if (multiple) {
          if (lastHash[0] != null) {
            ctx.out().println("");
          }
          ctx.out().println(hash + ":");
        }
        if (headers) {
          add(table, size ? new String[] {"Hash", "Size", "Name"} : new String[] {"Hash", "Name"});
        }
        lastHash[0] = hash;
      }
      for (JsonNode link : object.path("Links")) {
        add(table, row(link));
      }
      if (!stream) {
        ctx.out().print(table.render());
      }
    }
  }

  private void add(TabWriter table, String[] cells) {
    if (stream) {
      ctx.out().print(streamRow(cells));
    } else {
      table.row(cells);
    }
  }

  private String[] row(JsonNode link) {
    int type = link.path("Type").asInt();
    // Kubo's directory types: 1 (directory), 5 (HAMT shard).
    boolean dir = type == 1 || type == 5;
    String name = Names.escape(link.path("Name").asText()) + (dir ? "/" : "");
    String hash = link.path("Hash").asText();
    return size
        ? new String[] {hash, dir ? "-" : link.path("Size").asText(), name}
        : new String[] {hash, name};
  }

  /**
   * A row printed on its own, as Kubo's streaming ls does: it cannot align columns across rows, so
   * each cell is padded to at least 10 characters (tabwriter's minimum width in that mode).
   */
  private static String streamRow(String[] cells) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      sb.append(cells[i]);
      if (i < cells.length - 1) {
        sb.append(" ".repeat(Math.max(1, 10 - cells[i].length())));
      }
    }
    return sb.append('\n').toString();
  }
}
