package io.cairn.node.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * Prints a command line that cannot be parsed (unknown option, missing argument) as Kubo does: one
 * line {@code Error: ...} on stderr, a pointer to the command's help, and exit code 1.
 */
public final class UsageErrorHandler implements IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("Error: " + ex.getMessage());
    err.println();
    err.println(
        "Use '"
            + cmd.getCommandSpec().qualifiedName()
            + " --help' for more information about this command.");
    err.flush();
    return 1;
  }
}
