package io.cairn.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Anvil dev chain on loopback, for development mode and tests: chain ID 31337, the
 * well-known funded dev accounts, automine (a block per transaction) unless a block time is set,
 * and the {@code prague} hardfork the contracts are compiled for. Its output goes to a log file
 * ({@code anvil.log} beside the state file, or a temporary file). Anvil runs under a {@link
 * ParentWatch}, so it ends with this JVM on every path, SIGKILL included.
 *
 * <p>A temporary log is removed when this Anvil stops, or when the JVM exits if it never stopped,
 * unless the caller asked to keep it ({@link #keepLog}). The log of a start that failed is kept,
 * and the error says where it is.
 */
public final class Anvil implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Anvil.class);

  /** The EVM version the contracts are compiled for. */
  static final String HARDFORK = "prague";

  private static final String PACKAGE = "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil";
  private static final Pattern KEY = Pattern.compile("^\\((\\d+)\\) (0x[0-9a-fA-F]{64})\\s*$");

  private final Process process;
  private final URI rpc;
  private final Path log;
  private final List<String> keys;
  private final DevRpc devRpc;

  /** Whether {@link #log} is a temporary file this Anvil removes when it stops. */
  private final boolean temporaryLog;

  private Anvil(Process process, URI rpc, Path log, boolean temporaryLog, List<String> keys) {
    this.process = process;
    this.rpc = rpc;
    this.log = log;
    this.temporaryLog = temporaryLog;
    this.keys = List.copyOf(keys);
    this.devRpc = new DevRpc(rpc);
  }

  /**
   * Finds the anvil executable: {@code $CAIRN_ANVIL}, then {@code
   * <root>/.tools/chain/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil}, then the same under
   * {@code <root>/interop}.
   *
   * @throws IllegalStateException naming what to install when none is there
   */
  public static Path locate(Path projectRoot) {
    String env = System.getenv("CAIRN_ANVIL");
    if (env != null && !env.isBlank()) {
      Path p = Path.of(env);
      if (!Files.isExecutable(p)) {
        throw new IllegalStateException("CAIRN_ANVIL=" + env + " is not an executable file");
      }
      return p;
    }
    List<Path> tried = new ArrayList<>();
    for (String dir : List.of(".tools/chain", "interop")) {
      Path p = projectRoot.resolve(dir).resolve(PACKAGE);
      if (Files.isExecutable(p)) {
        return p;
      }
      tried.add(p);
    }
    throw new IllegalStateException(
        "anvil not found (looked at "
            + tried
            + "): install it with `npm install --prefix "
            + projectRoot.resolve(".tools/chain")
            + " @foundry-rs/anvil-linux-amd64@1.7.1`, or set CAIRN_ANVIL to an anvil executable");
  }

  /**
   * Starts anvil and waits until it answers.
   *
   * @param port the port on 127.0.0.1, 0 for a free one
   * @param stateFile where the chain is kept across restarts, {@code null} for none
   * @param blockTimeSeconds seconds between blocks, 0 to mine only when a transaction comes
   */
  public static Anvil start(Path executable, int port, Path stateFile, int blockTimeSeconds) {
    if (port < 0 || port > 65535 || blockTimeSeconds < 0) {
      throw new IllegalArgumentException("bad port " + port + " or block time " + blockTimeSeconds);
    }
    int p = port == 0 ? freePort() : port;
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            executable.toString(),
            "--host",
            "127.0.0.1",
            "--port",
            String.valueOf(p),
            "--hardfork",
            HARDFORK,
            // Anvil keeps the state of each recent block in memory and moves older ones to
            // ~/.foundry/anvil/tmp, a folder it only deletes on a clean exit: long test runs
            // and killed chains left gigabytes there. Keep the last 256 states in memory
            // (eth_call at a recent block still works) and none on disk.
            "--prune-history",
            "256"));
    if (blockTimeSeconds > 0) {
      cmd.addAll(List.of("--block-time", String.valueOf(blockTimeSeconds)));
    }
    Path log = null;
    boolean temporary = stateFile == null;
    Process process;
    try {
      if (stateFile != null) {
        Path dir = stateFile.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        cmd.addAll(List.of("--state", stateFile.toString()));
        log = dir.resolve("anvil.log");
      } else {
        log = Files.createTempFile("anvil-", ".log");
      }
      process =
          new ProcessBuilder(ParentWatch.wrap(cmd))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      if (temporary && log != null) {
        TemporaryLogs.delete(log); // nothing ran, so nothing was written to it
      }
      throw new UncheckedIOException("cannot start anvil " + executable + ": " + e.getMessage(), e);
    }
    // From here a failed start keeps its log: the error names it.
    URI rpc = URI.create("http://127.0.0.1:" + p);
    List<String> keys;
    try {
      keys = waitForKeys(process, log, rpc);
    } catch (IOException e) {
      kill(process);
      throw new UncheckedIOException(
          "cannot read anvil's output in " + log + ": " + e.getMessage(), e);
    }
    if (temporary) {
      TemporaryLogs.add(log);
    }
    LOG.info("anvil started at {} (log {})", rpc, log);
    return new Anvil(process, rpc, log, temporary, keys);
  }

  private static List<String> waitForKeys(Process process, Path log, URI rpc) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    DevRpc probe = new DevRpc(rpc);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "anvil exited with status " + process.exitValue() + " (log " + log + "): " + tail(log));
      }
      // The port may answer for another process that took it first (this anvil then exits,
      // which the check above reports): only "Listening on" in this anvil's own output, written
      // after its keys, shows that it is the one answering.
      if (probe.answers()) {
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        if (lines.stream().anyMatch(l -> l.startsWith("Listening on "))) {
          List<String> keys = new ArrayList<>();
          for (String line : lines) {
            Matcher m = KEY.matcher(line.strip());
            if (m.matches()) {
              keys.add(m.group(2));
            }
          }
          return keys;
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        kill(process);
        throw new IllegalStateException("interrupted while anvil started (log " + log + ")", e);
      }
    }
    kill(process);
    throw new IllegalStateException(
        "anvil did not answer at " + rpc + " within 30 s (log " + log + "): " + tail(log));
  }

  /**
   * Starts anvil with its state in {@code dir} ({@code anvil-state.json}, output in {@code
   * anvil.log}) on the port it had before ({@code port}), so that nodes that joined this chain keep
   * reaching it after a restart; on a free port the first time or when that one is taken.
   */
  public static Anvil startInFolder(Path executable, Path dir, int blockTimeSeconds) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    Path portFile = dir.resolve("port");
    int recorded = 0;
    try {
      if (Files.isRegularFile(portFile)) {
        recorded = Integer.parseInt(Files.readString(portFile, StandardCharsets.UTF_8).strip());
      }
    } catch (IOException | NumberFormatException e) {
      LOG.warn("ignoring the dev chain's recorded port: {}", e.getMessage());
    }
    int port = recorded > 0 && portFree(recorded) ? recorded : 0;
    Anvil anvil = start(executable, port, dir.resolve("anvil-state.json"), blockTimeSeconds);
    try {
      Files.writeString(portFile, anvil.rpc().getPort() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.warn("cannot record the dev chain's port: {}", e.getMessage());
    }
    return anvil;
  }

  private static boolean portFree(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /** Kills the watch and anvil under it at once. */
  private static void kill(Process watch) {
    watch.descendants().forEach(ProcessHandle::destroyForcibly);
    watch.destroyForcibly();
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    } catch (IOException e) {
      return "(log " + log + " unreadable)";
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on loopback", e);
    }
  }

  /** The JSON-RPC endpoint. */
  public URI rpc() {
    return rpc;
  }

  /** The funded dev accounts' private keys, in anvil's order. */
  public List<String> devPrivateKeys() {
    return keys;
  }

  /**
   * Where anvil's output goes: {@code anvil.log} beside the state file, or a temporary file that is
   * removed when this Anvil stops unless {@link #keepLog kept}.
   */
  public Path log() {
    return log;
  }

  /**
   * Keeps the log after this Anvil stops (a temporary one is removed then otherwise), for a caller
   * that wants to read it or show it later.
   *
   * @return where the log is
   */
  public Path keepLog() {
    if (temporaryLog) {
      TemporaryLogs.keep(log);
    }
    return log;
  }

  /** Mines {@code blocks} empty blocks at once ({@code anvil_mine}). */
  public void mine(int blocks) {
    if (blocks < 1) {
      throw new IllegalArgumentException("blocks to mine must be at least 1, not " + blocks);
    }
    devRpc.call("anvil_mine", "0x" + Integer.toHexString(blocks));
  }

  /**
   * Moves the chain's clock forward ({@code evm_increaseTime}); takes effect with the next block.
   */
  public void increaseTime(long seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException("time only moves forward, not by " + seconds);
    }
    devRpc.call("evm_increaseTime", seconds);
  }

  /**
   * Stops anvil, letting it write its state file first, and removes its temporary log unless it is
   * kept ({@link #keepLog}).
   */
  @Override
  public void close() {
    ParentWatch.stop(process);
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        kill(process);
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill(process);
    }
    if (temporaryLog && TemporaryLogs.release(log)) {
      TemporaryLogs.delete(log);
    }
  }
}
