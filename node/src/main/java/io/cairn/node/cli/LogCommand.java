package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn log}: a running daemon's logging, as Kubo's {@code ipfs log}. */
@Command(
    name = "log",
    description = {
      "Read and change a running daemon's logging (daemon only).",
      "Levels at start come from CAIRN_LOG_LEVEL (trace, debug, info, warn, error; default warn)."
    },
    subcommands = {LogCommand.Level.class, LogCommand.Ls.class, LogCommand.Tail.class})
final class LogCommand extends GroupCommand {
  @Command(
      name = "level",
      description = {
        "Show or change the logging level of one subsystem or all of them.",
        "  cairn log level                 the default level",
        "  cairn log level all             every subsystem's level",
        "  cairn log level bitswap debug   one subsystem ('default' for the default level)",
        "  cairn log level all info        every subsystem and the default",
        "A subsystem never set follows the one it sits in (bitswap and dht follow p2p), and all"
            + " follow the default."
      })
  static final class Level implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "SUBSYSTEM",
        description = "See 'log ls'.")
    String subsystem;

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "LEVEL",
        description = "trace, debug, info, warn, error, or default.")
    String level;

    @Override
    public void run() {
      ApiRequest.Builder request = ApiRequest.to("log/level");
      if (subsystem != null) {
        request.arg(subsystem);
      }
      if (level != null) {
        request.arg(level);
      }
      ctx.print(
          request.build(),
          v -> {
            if (v.has("Message")) {
              ctx.out().print(v.path("Message").asText());
              return;
            }
            // As Kubo: names only when there are several.
            JsonNode levels = v.path("Levels");
            boolean names = levels.size() > 1;
            List<String> lines = new ArrayList<>();
            levels
                .properties()
                .forEach(
                    e ->
                        lines.add(
                            names
                                ? e.getKey() + ": " + e.getValue().asText()
                                : e.getValue().asText()));
            lines.sort(null);
            lines.forEach(ctx.out()::println);
          });
    }
  }

  @Command(name = "ls", description = "List the logging subsystems.")
  static final class Ls implements Runnable {
    @Mixin CommandContext ctx;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("log/ls").build(),
          v -> v.path("Strings").forEach(s -> ctx.out().println(s.asText())));
    }
  }

  @Command(
      name = "tail",
      description =
          "Print the daemon's log messages as they come, one JSON object per line, until"
              + " interrupted.")
  static final class Tail implements Runnable {
    @Mixin CommandContext ctx;

    @Option(
        names = "--log-level",
        paramLabel = "LEVEL",
        description = "Only messages at this level or above (the loggers' levels still apply).")
    String logLevel;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("log/tail").option("log-level", logLevel).build(),
          v -> {
            ctx.out().println(v.toString());
            ctx.out().flush();
          });
    }
  }
}
