package io.cairn.node.cli;

import picocli.CommandLine.Option;

/** {@code -p/--progress}: a progress bar on stderr, by default when stderr is a terminal. */
final class ProgressOptions {
  @Option(
      names = {"-p", "--progress"},
      negatable = true,
      description = "Show progress on stderr (default: when stderr is a terminal).")
  Boolean progress;
}
