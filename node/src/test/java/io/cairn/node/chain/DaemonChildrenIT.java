package io.cairn.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A {@code cairn daemon} in dev mode, killed with SIGTERM or SIGKILL at several points of its
 * start-up, leaves no child process behind: its Anvil (found in {@code /proc} by the repo path on
 * its command line) ends with it.
 */
@Tag("chain")
class DaemonChildrenIT {
  @TempDir Path tmp;

  @ParameterizedTest(name = "{0} when {1}")
  @CsvSource({
    "TERM, starting",
    "KILL, starting",
    "TERM, api",
    "KILL, api",
    "TERM, anvil",
    "KILL, anvil",
    "TERM, ready",
    "KILL, ready",
  })
  void noChildOutlivesTheDaemon(String signal, String point) throws Exception {
    Path repo = tmp.resolve("repo");
    Process daemon = startDaemon(repo);
    BlockingQueue<String> lines = readLines(daemon);
    try {
      switch (point) {
        case "starting" -> awaitLine(lines, l -> l.equals("Initializing daemon..."));
        case "api" -> awaitLine(lines, l -> l.startsWith("RPC API server listening on"));
        case "anvil" -> awaitAnvil(repo);
        case "ready" -> awaitLine(lines, l -> l.equals("Daemon is ready"));
        default -> throw new IllegalArgumentException(point);
      }
      if (signal.equals("KILL")) {
        daemon.destroyForcibly();
      } else {
        daemon.destroy();
      }
      assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).as("the daemon exited").isTrue();
      assertThat(awaitNoProcessNaming(repo, 30)).as("processes left naming %s", repo).isEmpty();
    } finally {
      daemon.destroyForcibly();
      for (ProcessHandle p : processesNaming(repo)) {
        p.destroyForcibly();
      }
    }
  }

  private static Process startDaemon(Path repo) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Dcairn.home=" + DevChains.projectRoot());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of("--repo-dir", repo.toString(), "daemon"));
    return new ProcessBuilder(command)
        .redirectError(repo.resolveSibling("daemon.err").toFile())
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
  }

  private static BlockingQueue<String> readLines(Process p) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                  lines.add(l);
                }
              } catch (IOException gone) {
                // the daemon is gone
              }
            });
    return lines;
  }

  private static void awaitLine(BlockingQueue<String> lines, Predicate<String> wanted)
      throws InterruptedException {
    while (true) {
      String line = lines.poll(120, TimeUnit.SECONDS);
      assertThat(line).as("the daemon's next line").isNotNull();
      if (wanted.test(line)) {
        return;
      }
    }
  }

  /** Waits until the daemon's Anvil runs (it is then deploying or funding). */
  private static void awaitAnvil(Path repo) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (processesNaming(repo).stream().noneMatch(DaemonChildrenIT::isAnvil)) {
      assertThat(System.nanoTime() < deadline)
          .as("anvil started within 120 s; the daemon said: %s", daemonErrors(repo))
          .isTrue();
      Thread.sleep(20);
    }
  }

  private static String daemonErrors(Path repo) {
    try {
      return Files.readString(repo.resolveSibling("daemon.err"));
    } catch (IOException e) {
      return "(nothing)";
    }
  }

  private static boolean isAnvil(ProcessHandle p) {
    return cmdline(p.pid()).split(" ", 2)[0].endsWith("/anvil");
  }

  private static List<String> awaitNoProcessNaming(Path repo, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<ProcessHandle> left = processesNaming(repo);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      left = processesNaming(repo);
    }
    return left.stream().map(p -> p.pid() + " " + cmdline(p.pid())).toList();
  }

  /** Processes whose command line names the repo folder (the daemon's Anvil and its watch). */
  private static List<ProcessHandle> processesNaming(Path repo) {
    String needle = repo.toAbsolutePath().toString();
    long self = ProcessHandle.current().pid();
    try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
      return all.filter(p -> p.pid() != self && cmdline(p.pid()).contains(needle)).toList();
    }
  }

  private static String cmdline(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
    } catch (IOException | RuntimeException gone) {
      return "";
    }
  }
}
