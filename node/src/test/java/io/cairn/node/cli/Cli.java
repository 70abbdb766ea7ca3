package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code cairn} command lines in-process against one repo ({@code --repo-dir}), capturing
 * stdout and stderr, with optional bytes on stdin.
 */
final class Cli {
  private final Path repo;

  Cli(Path repo) {
    this.repo = repo;
  }

  /** A fresh repo at {@code repo}, initialised with {@code cairn init}. */
  static Cli init(Path repo) {
    Cli cli = new Cli(repo);
    cli.ok("init");
    return cli;
  }

  Path repo() {
    return repo;
  }

  /** Runs a command line with an empty stdin. */
  Run run(String... args) {
    return runWithInput(new byte[0], args);
  }

  /** Runs a command line with {@code stdin} as its input. */
  Run runWithInput(byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Run run = runInto(out, stdin, args);
    return new Run(run.command(), run.exit(), out.toByteArray(), run.err());
  }

  /**
   * Runs a command line writing its stdout to {@code out} (for outputs too large to hold), and
   * returns the exit code and stderr; the result's stdout is empty.
   */
  Run runInto(OutputStream out, byte[] stdin, String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> line = new ArrayList<>();
    line.add("--repo-dir");
    line.add(repo.toString());
    line.addAll(List.of(args));
    int exit;
    try (PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit =
          Main.run(
              new Output(new ByteArrayInputStream(stdin), out, errStream),
              line.toArray(String[]::new));
    }
    return new Run(String.join(" ", args), exit, new byte[0], err.toString(StandardCharsets.UTF_8));
  }

  /** Runs a command line that must succeed. */
  Run ok(String... args) {
    Run run = run(args);
    assertThat(run.exit()).as("exit code of '%s'; stderr: %s", run.command(), run.err()).isZero();
    return run;
  }

  /** Runs a command line with input that must succeed. */
  Run okWithInput(byte[] stdin, String... args) {
    Run run = runWithInput(stdin, args);
    assertThat(run.exit()).as("exit code of '%s'; stderr: %s", run.command(), run.err()).isZero();
    return run;
  }

  /**
   * Runs a command line that must fail as Kubo's do: exit code 1, nothing on stdout unless the
   * command streams results before failing, and one line {@code Error: ...} on stderr. Returns that
   * line without its prefix.
   */
  String fails(String... args) {
    return failsWithInput(new byte[0], args);
  }

  String failsWithInput(byte[] stdin, String... args) {
    Run run = runWithInput(stdin, args);
    return run.error();
  }
}
