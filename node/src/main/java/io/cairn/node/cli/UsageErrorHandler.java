package io.cairn.node.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Prints a command line that cannot be parsed (unknown option, missing argument) as Kubo does: one
 * line {@code Error: ...} on stderr, a pointer to the command's help, and exit code 1.
 */
public final class UsageErrorHandler implements IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("Error: " + message(ex));
    err.println();
    err.println(
        "Use '"
            + cmd.getCommandSpec().qualifiedName()
            + " --help' for more information about this command.");
    err.flush();
    return 1;
  }

  /**
   * Kubo's wording where it has one, else picocli's message without the {@code Error: } that
   * picocli puts before some of its own (a missing argument of a group).
   */
  private static String message(ParameterException ex) {
    if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      return unmatched(u, u.getUnmatched().get(0));
    }
    if (ex instanceof MissingParameterException m
        && !m.getMissing().isEmpty()
        && m.getMissing().get(0) instanceof CommandLine.Model.PositionalParamSpec p
        && p.group() == null) {
      return "argument \"" + p.paramLabel().toLowerCase(Locale.ROOT) + "\" is required";
    }
    String message = String.valueOf(ex.getMessage());
    return message.startsWith("Error: ") ? message.substring("Error: ".length()) : message;
  }

  /**
   * {@code unknown option "codec"}, {@code unknown command "files"} (with picocli's close guesses)
   * or, for one argument too many, {@code unexpected argument "x"}.
   */
  private static String unmatched(UnmatchedArgumentException u, String arg) {
    if (arg.startsWith("-") && arg.length() > 1) {
      String name = arg.replaceFirst("^--?", "");
      int eq = name.indexOf('=');
      return "unknown option \"" + (eq < 0 ? name : name.substring(0, eq)) + "\"";
    }
    CommandLine.Model.CommandSpec spec = u.getCommandLine().getCommandSpec();
    if (spec.subcommands().isEmpty() || !spec.positionalParameters().isEmpty()) {
      return "unexpected argument \"" + arg + "\"";
    }
    String parent = spec.qualifiedName(" ");
    int space = parent.indexOf(' ');
    String path = (space < 0 ? "" : parent.substring(space + 1) + " ") + arg;
    // picocli guesses widely ("chain or config" for "no-such-command"): keep those that begin as
    // the word does.
    String start = arg.substring(0, Math.min(2, arg.length()));
    List<String> guesses = u.getSuggestions().stream().filter(g -> g.startsWith(start)).toList();
    return "unknown command \""
        + path
        + "\""
        + (guesses.isEmpty() ? "" : "; did you mean " + String.join(" or ", guesses) + "?");
  }
}
