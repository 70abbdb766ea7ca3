package io.cairn.node.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Kubo's arguments from stdin: a command that takes paths and is given none reads them from stdin,
 * one per line, unless stdin is a terminal ({@code echo $CID | cairn cat}).
 */
final class StdinArguments {
  private StdinArguments() {}

  /**
   * The arguments given, else the non-empty lines of stdin.
   *
   * @param name the argument's name in the error when there is none (Kubo's, e.g. "ipfs-path")
   */
  static List<String> orStdin(CommandContext ctx, List<String> args, String name) {
    if (args != null && !args.isEmpty()) {
      return args;
    }
    List<String> read = Output.stdinIsTerminal() ? List.of() : lines(ctx);
    if (read.isEmpty()) {
      throw new UserException("argument \"" + name + "\" is required");
    }
    return read;
  }

  private static List<String> lines(CommandContext ctx) {
    try {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(ctx.out().in(), StandardCharsets.UTF_8));
      return in.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    } catch (UncheckedIOException e) {
      throw new UserException("cannot read arguments from stdin: " + e.getMessage(), e);
    }
  }
}
