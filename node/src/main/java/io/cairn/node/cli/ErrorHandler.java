package io.cairn.node.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a failed command's error as one line, {@code Error: ...} as Kubo does, and exits 1; the
 * stack trace only with {@code --debug}.
 */
public final class ErrorHandler implements IExecutionExceptionHandler {
  private final GlobalOptions globals;

  public ErrorHandler(GlobalOptions globals) {
    this.globals = globals;
  }

  /**
   * The exit code of a command whose stdout was closed by its reader ({@code cairn cat x | head}):
   * 128 + SIGPIPE, as a shell reports Kubo (or any program) ended by the signal.
   */
  public static final int BROKEN_PIPE = 141;

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    if (isBrokenPipe(ex)) {
      // The reader is gone and wants no more; no message, as Kubo ends silently on SIGPIPE.
      return BROKEN_PIPE;
    }
    PrintWriter err = cmd.getErr();
    err.println("Error: " + message(ex));
    if (globals.debug()) {
      ex.printStackTrace(err);
    }
    err.flush();
    return 1;
  }

  /** Whether {@code t} comes from writing to a pipe whose reader has gone. */
  public static boolean isBrokenPipe(Throwable t) {
    for (Throwable cur = t; cur != null; cur = cur.getCause()) {
      if (cur instanceof java.io.IOException
          && cur.getMessage() != null
          && cur.getMessage().contains("Broken pipe")) {
        return true;
      }
    }
    return false;
  }

  /** The most useful message in a cause chain. */
  static String message(Throwable t) {
    return io.cairn.node.api.Errors.message(t);
  }
}
