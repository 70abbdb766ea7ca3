package io.cairn.chain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The temporary logs of the Anvils that run and have not stopped: one shutdown hook, registered
 * with the first, removes those left when the JVM exits. ({@link java.io.File#deleteOnExit} cannot
 * forget a file, so it would remove a log kept after all, and it keeps every name until exit.)
 */
final class TemporaryLogs {
  private static final Logger LOG = LoggerFactory.getLogger(TemporaryLogs.class);

  private TemporaryLogs() {}

  /** The logs to remove on exit; the holder registers the hook when first used. */
  private static final class Pending {
    static final Set<Path> LOGS = ConcurrentHashMap.newKeySet();

    static {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(() -> List.copyOf(LOGS).forEach(TemporaryLogs::delete), "anvil-logs"));
    }
  }

  /** Removes {@code log} on exit unless it is released or kept first. */
  static void add(Path log) {
    Pending.LOGS.add(log);
  }

  /** Keeps {@code log}: it is no longer removed on exit. */
  static void keep(Path log) {
    Pending.LOGS.remove(log);
  }

  /** Takes {@code log} off the list; whether it was on it (so not kept, nor released before). */
  static boolean release(Path log) {
    return Pending.LOGS.remove(log);
  }

  static void delete(Path log) {
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      LOG.warn("cannot remove anvil's log {}: {}", log, e.getMessage());
    }
  }
}
