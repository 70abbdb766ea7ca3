package io.cairn.node.cli;

import io.cairn.node.api.ApiRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn diag}: diagnostics of a running daemon, as Kubo's {@code ipfs diag}. */
@Command(
    name = "diag",
    description =
        "Diagnostics of the node: the system it runs on, a daemon's profile, the commands it"
            + " runs.",
    subcommands = {DiagCommand.Sys.class, DiagCommand.Profile.class, DiagCmdsCommand.class})
final class DiagCommand extends GroupCommand {
  @Command(
      name = "sys",
      description =
          "Print system information for bug reports: version, Java and system, the repo's disk,"
              + " memory, network interfaces and whether the network runs (as JSON, as Kubo).")
  static final class Sys implements Runnable {
    @Mixin CommandContext ctx;

    @Override
    public void run() {
      ctx.print(ApiRequest.to("diag/sys").build(), v -> ctx.out().println(HumanJson.pretty(v)));
    }
  }

  @Command(
      name = "profile",
      description = {
        "Collect a running daemon's diagnostics into a zip, to inspect or to attach to a bug"
            + " report (daemon only).",
        "The zip holds:",
        "  version.json         the version, Java, system, processors, heap limit, uptime",
        "  threads.txt          every thread's stack and locks (as jcmd Thread.print)",
        "  heap-histogram.txt   live objects by class (as jcmd GC.class_histogram)",
        "  profile.jfr          a Java Flight Recorder recording for --profile-time: CPU samples,"
            + " allocations, locks, I/O (open it with jfr or JDK Mission Control)"
      })
  static final class Profile implements Runnable {
    @Mixin CommandContext ctx;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description = "Where to write the zip (default: ./cairn-profile-<time>.zip).")
    Path output;

    @Option(
        names = "--collectors",
        paramLabel = "LIST",
        split = ",",
        description = "Which to collect: version, threads, heap, jfr (default: all).")
    java.util.List<String> collectors;

    @Option(
        names = "--profile-time",
        paramLabel = "DURATION",
        description = "How long the JFR recording runs (default: 30s).")
    String profileTime;

    @Override
    public void run() {
      // Kubo's name: the RFC 3339 time with ':' replaced, as a file name.
      Path file =
          output != null
              ? output
              : Path.of(
                  "cairn-profile-"
                      + DateTimeFormatter.ISO_OFFSET_DATE_TIME
                          .format(OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS))
                          .replace(':', '_')
                      + ".zip");
      ApiRequest request =
          ApiRequest.to("diag/profile")
              .option("collectors", collectors == null ? null : String.join(",", collectors))
              .option("profile-time", profileTime)
              .build();
      Path partial = file.resolveSibling(file.getFileName() + ".part");
      try {
        try (OutputStream out = Files.newOutputStream(partial)) {
          ctx.api().call(request, ResultSinks.binaryTo(out));
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
      } finally {
        try {
          Files.deleteIfExists(partial);
        } catch (IOException e) {
          // left behind: named .part, so never taken for a whole archive
        }
      }
      ctx.out().println("Wrote profiles to: " + file);
    }
  }
}
