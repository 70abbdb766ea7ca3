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

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    err.println("Error: " + message(ex));
    if (globals.debug()) {
      ex.printStackTrace(err);
    }
    err.flush();
    return 1;
  }

  /** The most useful message in a cause chain. */
  static String message(Throwable t) {
    Throwable cur = t;
    while (cur.getMessage() == null && cur.getCause() != null) {
      cur = cur.getCause();
    }
    if (cur instanceof java.nio.file.NoSuchFileException e) {
      return "no such file or directory: " + e.getFile();
    }
    if (cur instanceof java.nio.file.AccessDeniedException e) {
      return "permission denied: " + e.getFile();
    }
    if (cur instanceof OutOfMemoryError) {
      return "out of memory (raise it with CAIRN_JAVA_OPTS=-Xmx...)";
    }
    String msg = cur.getMessage();
    return msg == null ? cur.getClass().getSimpleName() : msg;
  }
}
