package io.cairn.node;

import io.cairn.node.cli.CliSession;
import io.cairn.node.cli.Commands;
import io.cairn.node.cli.ErrorHandler;
import io.cairn.node.cli.Output;
import io.cairn.node.cli.UsageErrorHandler;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point of the {@code cairn} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(Output.system(), args));
  }

  /** Runs one command line and returns its exit code (tests call this in-process). */
  public static int run(Output output, String... args) {
    CliSession session = new CliSession(output);
    int code;
    try (session) {
      CommandLine cli = Commands.commandLine(session, args);
      cli.setOut(new PrintWriter(output.stream(), true, StandardCharsets.UTF_8));
      cli.setErr(new PrintWriter(output.err(), true));
      cli.setExecutionExceptionHandler(new ErrorHandler(session.globals()));
      cli.setParameterExceptionHandler(new UsageErrorHandler());
      code = cli.execute(args);
    }
    return session.stdoutClosed() ? ErrorHandler.BROKEN_PIPE : code;
  }
}
