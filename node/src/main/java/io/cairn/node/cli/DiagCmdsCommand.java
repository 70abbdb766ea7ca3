package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.GoDurations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Kubo's {@code diag cmds}: the commands a daemon runs and has lately run. */
@Command(
    name = "cmds",
    description = {
      "List the commands the daemon is running and has lately run.",
      "One line per RPC command (this one included): its name, whether it still runs, when it"
          + " started and how long it ran. Finished commands are dropped as Kubo drops them (see"
          + " 'diag cmds set-time' and 'diag cmds clear'). Daemon only."
    },
    subcommands = {DiagCmdsCommand.Clear.class, DiagCmdsCommand.SetTime.class})
final class DiagCmdsCommand implements Runnable {
  /** Go's {@code time.Stamp}: {@code Jan _2 15:04:05}, in this machine's zone. */
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

  @Mixin CommandContext ctx;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print extra information: each command's ID, arguments and options.")
  boolean verbose;

  @Override
  public void run() {
    ctx.print(ApiRequest.to("diag/cmds").build(), v -> ctx.out().print(table(v, verbose)));
  }

  /** Kubo's table: Go's tabwriter with minimum width 4 and padding 2. */
  static String table(JsonNode entries, boolean verbose) {
    TabWriter tw = new TabWriter(4, 2);
    List<String> header = new ArrayList<>();
    if (verbose) {
      header.add("ID");
    }
    header.add("Command");
    if (verbose) {
      header.addAll(List.of("Arguments", "Options"));
    }
    header.addAll(List.of("Active", "StartTime", "RunTime"));
    tw.row(header.toArray(String[]::new));
    for (JsonNode e : entries) {
      List<String> row = new ArrayList<>();
      if (verbose) {
        row.add(e.path("ID").asText());
      }
      row.add(e.path("Command").asText());
      if (verbose) {
        row.add(goList(e.path("Args")));
        StringBuilder options = new StringBuilder("[");
        e.path("Options")
            .properties()
            .forEach(
                o ->
                    options
                        .append(o.getKey())
                        .append('=')
                        .append(
                            o.getValue().isArray() ? goList(o.getValue()) : o.getValue().asText())
                        .append(','));
        row.add(options.append(']').toString());
      }
      boolean active = e.path("Active").asBoolean();
      Instant start = Instant.parse(e.path("StartTime").asText());
      Instant end = active ? Instant.now() : Instant.parse(e.path("EndTime").asText());
      row.add(Boolean.toString(active));
      row.add(STAMP.format(start.atZone(ZoneId.systemDefault())));
      row.add(GoDurations.format(Duration.between(start, end)));
      tw.row(row.toArray(String[]::new));
    }
    return tw.render();
  }

  /** Go's {@code %v} of a string slice: {@code [a b]}. */
  private static String goList(JsonNode values) {
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(v.asText()));
    return "[" + String.join(" ", out) + "]";
  }

  @Command(name = "clear", description = "Clear inactive requests from the log.")
  static final class Clear implements Runnable {
    @Mixin CommandContext ctx;

    @Override
    public void run() {
      ctx.call(ApiRequest.to("diag/cmds/clear").build(), v -> {});
    }
  }

  @Command(
      name = "set-time",
      description = {
        "Set how long to keep inactive requests in the log.",
        "TIME is a Go duration such as 30s, 5m or 1h30m. The log never keeps more than 1000"
            + " finished commands, whatever the time."
      })
  static final class SetTime implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "TIME", description = "Time to keep inactive requests in log.")
    String time;

    @Override
    public void run() {
      ctx.call(ApiRequest.to("diag/cmds/set-time").arg(time).build(), v -> {});
    }
  }
}
