package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.config.RepoPaths;
import io.cairn.node.Main;
import io.cairn.node.daemon.Daemon;
import io.cairn.node.daemon.DaemonOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs {@code cairn} command lines in-process against one repo ({@code --repo-dir}), capturing
 * stdout and stderr, with optional bytes on stdin.
 *
 * <p>In {@link Mode#DAEMON} a daemon runs for the repo (in this JVM, on a free port) whenever the
 * repo exists: the CLI finds it through the repo's {@code api} file, as it finds a real one, and
 * sends its commands there. Each command that needs the repo and succeeds is checked to have
 * reached the daemon. If the daemon cannot start (a broken config), commands run in-process, as
 * they would for a user whose daemon failed; the next command tries to start it again.
 */
final class Cli {
  /** Where commands run. */
  enum Mode {
    IN_PROCESS,
    DAEMON
  }

  /** Commands that never use a daemon: Kubo runs them without the repo, or only locally. */
  private static final Set<String> LOCAL =
      Set.of(
          "init",
          "cid bases",
          "cid codecs",
          "cid hashes",
          "version",
          "daemon",
          "config edit",
          "config profile ls",
          "key export",
          "commands",
          "key rotate",
          "piece verify");

  /** Commands that run in the CLI's process when their last argument is a file. */
  private static final Set<String> LOCAL_FOR_A_FILE = Set.of("piece commp");

  private static final Set<Cli> RUNNING = new LinkedHashSet<>();

  private final Path repo;
  private final Mode mode;
  private final AtomicInteger requests = new AtomicInteger();
  private Daemon daemon;

  Cli(Path repo, Mode mode) {
    this.repo = repo;
    this.mode = mode;
  }

  /** A fresh repo at {@code repo}, initialised with {@code cairn init}. */
  static Cli init(Path repo, Mode mode) {
    Cli cli = new Cli(repo, mode);
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
    boolean local = false;
    boolean lastIsFile = args.length > 0 && Files.isRegularFile(Path.of(args[args.length - 1]));
    for (int words = 1; words <= 3; words++) {
      local |= LOCAL.contains(commandName(args, words));
      local |= lastIsFile && LOCAL_FOR_A_FILE.contains(commandName(args, words));
    }
    boolean remote = !local && mode == Mode.DAEMON && daemonRunning();
    int before = requests.get();
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
    String command = String.join(" ", args);
    if (remote && exit == 0) {
      assertThat(awaitRequestAfter(before))
          .as("'%s' went to the daemon", command)
          .isGreaterThan(before);
    }
    return new Run(command, exit, new byte[0], err.toString(StandardCharsets.UTF_8));
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

  /** Whether commands of this Cli go to a daemon now. */
  boolean daemonRunning() {
    if (mode != Mode.DAEMON) {
      return false;
    }
    if (daemon == null && Files.isRegularFile(repo.resolve("config"))) {
      startDaemon();
    }
    return daemon != null;
  }

  /** Where the daemon of a {@link Mode#DAEMON} Cli listens (started now if need be). */
  InetSocketAddress apiAddress() {
    assertThat(daemonRunning()).as("a daemon runs for %s", repo).isTrue();
    return daemon.apiAddress();
  }

  /**
   * Runs {@code body} with the repo closed (no daemon holding it), for a test that changes the
   * repo's files behind the node's back; the next command starts the daemon again.
   */
  void withRepoClosed(Runnable body) {
    stopDaemon();
    body.run();
  }

  private void startDaemon() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try {
      daemon =
          Daemon.start(
              new RepoPaths(repo.toAbsolutePath()),
              new DaemonOptions(
                  false,
                  List.of(),
                  new InetSocketAddress("127.0.0.1", 0),
                  node -> List.of(),
                  node -> List.of(),
                  (kind, path, status, nanos) -> requests.incrementAndGet()),
              new PrintStream(log, true, StandardCharsets.UTF_8));
      synchronized (RUNNING) {
        RUNNING.add(this);
      }
    } catch (RuntimeException e) {
      // The repo cannot be opened (its config is broken): commands run in-process and say why.
      daemon = null;
    }
  }

  void stopDaemon() {
    if (daemon != null) {
      daemon.close();
      daemon = null;
      synchronized (RUNNING) {
        RUNNING.remove(this);
      }
    }
  }

  /** The request count once it passed {@code before}, or after two seconds. */
  private int awaitRequestAfter(int before) {
    // The daemon counts a request once its response is sent, just after the client has read it.
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (requests.get() <= before && System.nanoTime() < deadline) {
      LockSupport.parkNanos(100_000);
    }
    return requests.get();
  }

  /** The command's name: its first {@code words} words that are not options. */
  private static String commandName(String[] args, int words) {
    List<String> name = new ArrayList<>();
    for (String a : args) {
      if (name.size() == words) {
        break;
      }
      if (!a.startsWith("-")) {
        name.add(a);
      }
    }
    return String.join(" ", name);
  }

  /** Stops the daemons the test started, before its temporary folders go. */
  static final class StopDaemons implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) {
      List<Cli> running;
      synchronized (RUNNING) {
        running = new ArrayList<>(RUNNING);
      }
      running.forEach(Cli::stopDaemon);
    }
  }
}
