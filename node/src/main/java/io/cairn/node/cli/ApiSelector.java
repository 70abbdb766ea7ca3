package io.cairn.node.cli;

import io.cairn.config.RepoLock;
import io.cairn.config.RepoPaths;
import io.cairn.node.api.Api;
import io.cairn.node.api.ApiFile;
import io.cairn.node.api.LocalApi;
import io.cairn.node.api.RemoteApi;
import io.cairn.node.rpc.Rpcs;
import io.cairn.storage.Multiaddr;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;

/** Chooses where a command runs: on a running daemon over HTTP, or in this process. */
final class ApiSelector {
  private static final int PROBE_TIMEOUT_MS = 1000;

  /** How long a command waits for a daemon that holds the repo to open its API. */
  static final Duration DAEMON_START_WAIT = Duration.ofSeconds(60);

  private static final long POLL_MILLIS = 100;

  private ApiSelector() {}

  static Api select(CliSession session) {
    return select(session, DAEMON_START_WAIT);
  }

  /**
   * @param wait how long to wait for the API of a daemon that holds the repo but does not answer
   *     yet (it is still starting)
   */
  static Api select(CliSession session, Duration wait) {
    GlobalOptions g = session.globals();
    String agent = "cairn/" + VersionCommand.version() + "/";
    if (g.apiAddress != null) {
      InetSocketAddress address;
      try {
        address = Multiaddr.parse(g.apiAddress).socketAddress();
      } catch (IllegalArgumentException e) {
        throw new UserException("--api: " + e.getMessage(), e);
      }
      return new RemoteApi(address, authorization(g.apiAuth), agent);
    }
    Optional<InetSocketAddress> address = answeringApi(session.paths());
    if (address.isEmpty()) {
      address = awaitStartingDaemon(session.paths(), wait);
    }
    if (address.isPresent()) {
      return new RemoteApi(address.get(), authorization(g.apiAuth), agent);
    }
    // No daemon, or a stale api file left by one that crashed: open the repo here (its lock says
    // whether some other process still has it).
    return new LocalApi(Rpcs.all(), new CliNode(session));
  }

  /**
   * The address in the api file while a process holds the repo and something listens there. A
   * daemon writes the file only while it holds the repo's lock, so with the lock free the file is
   * one a killed daemon left, and its port may since belong to another node.
   */
  private static Optional<InetSocketAddress> answeringApi(RepoPaths paths) {
    return ApiFile.read(paths)
        .filter(address -> RepoLock.isLocked(paths))
        .filter(ApiSelector::answers);
  }

  /**
   * Waits while a daemon holds the repo without an API that answers yet (it opens the repo before
   * the API listens): returns the API's address once it answers, or empty once no daemon holds the
   * repo any more (it stopped: the command runs here).
   *
   * @throws UserException if the daemon is still there without an API after {@code wait}
   */
  private static Optional<InetSocketAddress> awaitStartingDaemon(RepoPaths paths, Duration wait) {
    Optional<ProcessHandle> daemon = RepoLock.daemon(paths);
    if (daemon.isEmpty()) {
      return Optional.empty();
    }
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      Optional<InetSocketAddress> address = answeringApi(paths);
      if (address.isPresent() || RepoLock.daemon(paths).isEmpty()) {
        return address;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new UserException(
            "the cairn daemon (pid "
                + daemon.get().pid()
                + ") holds the repo at "
                + paths.root()
                + " but its API did not answer within "
                + (wait.toMillis() % 1000 == 0 ? wait.toSeconds() + " s" : wait.toMillis() + " ms")
                + "; wait until it prints 'Daemon is ready', or stop it");
      }
      // A file and a port to watch for, written by another process: polling is the portable way.
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserException("interrupted while waiting for the daemon to start", e);
      }
    }
  }

  /**
   * The Authorization header for a secret given as Kubo takes it: {@code bearer:TOKEN} or {@code
   * basic:USER:PASSWORD} (or a ready header value such as {@code Bearer TOKEN}).
   */
  static String authorization(String secret) {
    if (secret == null) {
      return null;
    }
    if (secret.regionMatches(true, 0, "bearer:", 0, 7)) {
      return "Bearer " + secret.substring(7);
    }
    if (secret.regionMatches(true, 0, "basic:", 0, 6)) {
      return "Basic "
          + java.util.Base64.getEncoder()
              .encodeToString(
                  secret.substring(6).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return secret;
  }

  private static boolean answers(InetSocketAddress address) {
    try (Socket s = new Socket()) {
      s.connect(address, PROBE_TIMEOUT_MS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
