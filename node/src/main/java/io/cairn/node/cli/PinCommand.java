package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn pin}: keep DAGs safe from garbage collection, as {@code ipfs pin}. */
@Command(
    name = "pin",
    description = "Pin (and unpin) DAGs to keep them from garbage collection.",
    subcommands = {
      PinCommand.Add.class,
      PinCommand.Rm.class,
      PinCommand.Ls.class,
      PinCommand.Verify.class,
      PinCommand.Update.class,
      PinRemoteCommand.class
    })
final class PinCommand extends GroupCommand {

  @Command(
      name = "add",
      description = "Pin DAGs in the repo (recursively by default; the whole DAG must be present).")
  static final class Add implements Runnable {
    @Mixin CommandContext ctx;

    @Mixin PathsOptions paths;

    @Option(
        names = {"-r", "--recursive"},
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description = "Pin the whole DAG (default: true).")
    boolean recursive;

    @Option(
        names = {"-n", "--name"},
        paramLabel = "NAME",
        description = "A name for the pins.")
    String name;

    @Option(
        names = "--progress",
        description = "Show how many nodes (and bytes) of the DAGs were fetched or read so far.")
    boolean progress;

    @Override
    public void run() {
      ApiRequest request =
          ApiRequest.to("pin/add")
              .args(paths.orStdin(ctx))
              .option("recursive", recursive)
              .option("name", name)
              .option("progress", progress ? true : null)
              .build();
      String how = recursive ? " recursively" : " directly";
      ctx.call(
          request,
          v -> {
            if (!v.has("Pins")) {
              // Kubo's progress line, on stderr, rewritten in place
              ctx.out()
                  .err()
                  .print(
                      "Fetched/Processed "
                          + v.path("Progress").asLong()
                          + " nodes ("
                          + Humanize.bytes(v.path("Bytes").asLong())
                          + ")\r");
              ctx.out().err().flush();
              return;
            }
            if (ctx.json()) {
              ctx.out().json(v);
            } else {
              v.path("Pins").forEach(p -> ctx.out().println("pinned " + p.asText() + how));
            }
          });
    }
  }

  @Command(name = "rm", description = "Unpin DAGs; their blocks can then be garbage collected.")
  static final class Rm implements Runnable {
    @Mixin CommandContext ctx;

    @Mixin PathsOptions paths;

    @Option(
        names = {"-r", "--recursive"},
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description = "Remove recursive pins (default: true).")
    boolean recursive;

    @Override
    public void run() {
      ApiRequest request =
          ApiRequest.to("pin/rm").args(paths.orStdin(ctx)).option("recursive", recursive).build();
      ctx.print(
          request, v -> v.path("Pins").forEach(p -> ctx.out().println("unpinned " + p.asText())));
    }
  }

  @Command(name = "ls", description = "List pins: all, or how the given CIDs are pinned.")
  static final class Ls implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(
        paramLabel = "PATH",
        arity = "0..*",
        description = "CIDs or /ipfs/ paths to look up.")
    List<String> paths = new ArrayList<>();

    @Option(
        names = {"-t", "--type"},
        paramLabel = "TYPE",
        description = "direct, indirect, recursive or all (default: all).")
    String type = "all";

    @Option(
        names = {"-q", "--quiet"},
        description = "Print only the CIDs.")
    boolean quiet;

    @Option(
        names = {"-s", "--stream"},
        description = "Print pins as they are found (JSON: one object per pin).")
    boolean stream;

    @Option(names = "--names", description = "Print pin names.")
    boolean names;

    @Option(
        names = {"-n", "--name"},
        paramLabel = "TEXT",
        description = "Only pins whose name contains TEXT (implies --names).")
    String nameFilter;

    @Override
    public void run() {
      ApiRequest request =
          ApiRequest.to("pin/ls")
              .args(paths)
              .option("type", type)
              .option("stream", stream)
              .option("names", names)
              .option("name", nameFilter)
              .build();
      ctx.print(
          request,
          v -> {
            if (stream) {
              line(v.path("Cid").asText(), v);
            } else {
              v.path("Keys").properties().forEach(e -> line(e.getKey(), e.getValue()));
            }
          });
    }

    /** Kubo's line: the CID, its type, and its name when it has one. */
    private void line(String cid, JsonNode pin) {
      String name = pin.path("Name").asText();
      if (quiet) {
        ctx.out().println(cid);
      } else if (!name.isEmpty()) {
        ctx.out().println(cid + " " + pin.path("Type").asText() + " " + name);
      } else {
        ctx.out().println(cid + " " + pin.path("Type").asText());
      }
    }
  }

  @Command(
      name = "verify",
      description = "Check that every recursive pin's DAG is whole and uncorrupted.")
  static final class Verify implements Runnable {
    @Mixin CommandContext ctx;

    @Option(names = "--verbose", description = "Also print pins that are fine.")
    boolean verbose;

    @Option(
        names = {"-q", "--quiet"},
        description = "Print only the CIDs of broken pins.")
    boolean quiet;

    @Override
    public void run() {
      ApiRequest request =
          ApiRequest.to("pin/verify").option("verbose", verbose).option("quiet", quiet).build();
      ctx.print(
          request,
          v -> {
            String cid = v.path("Cid").asText();
            if (v.path("Ok").asBoolean()) {
              ctx.out().println(cid + " ok");
            } else if (quiet) {
              ctx.out().println(cid);
            } else {
              ctx.out().println(cid + " broken");
              v.path("BadNodes")
                  .forEach(
                      b ->
                          ctx.out()
                              .println(
                                  "  " + b.path("Cid").asText() + ": " + b.path("Err").asText()));
            }
          });
    }
  }

  @Command(
      name = "update",
      description = "Move a recursive pin to a new DAG (fast when the two share blocks).")
  static final class Update implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(index = "0", paramLabel = "FROM", description = "The pinned CID or path.")
    String from;

    @Parameters(index = "1", paramLabel = "TO", description = "The CID or path to pin instead.")
    String to;

    @Option(
        names = "--unpin",
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description = "Remove the old pin (default: true).")
    boolean unpin;

    @Override
    public void run() {
      ApiRequest request =
          ApiRequest.to("pin/update").arg(from).arg(to).option("unpin", unpin).build();
      ctx.print(
          request,
          v ->
              ctx.out()
                  .println(
                      "updated "
                          + v.path("Pins").path(0).asText()
                          + " to "
                          + v.path("Pins").path(1).asText()));
    }
  }
}
