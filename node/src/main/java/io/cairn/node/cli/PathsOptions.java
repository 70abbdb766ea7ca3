package io.cairn.node.cli;

import java.util.List;
import picocli.CommandLine.Parameters;

/** The {@code PATH...} arguments of commands that read them from stdin when none are given. */
final class PathsOptions {
  @Parameters(
      paramLabel = "PATH",
      arity = "0..*",
      description = "CIDs or /ipfs/ paths (default: one per line on stdin).")
  List<String> paths;

  /** The paths given, else those read from stdin, one per line. */
  List<String> orStdin(CommandContext ctx) {
    return StdinArguments.orStdin(ctx, paths, "ipfs-path");
  }
}
