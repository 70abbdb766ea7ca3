package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.daemon.LogLevels;
import io.cairn.node.daemon.LogTail;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Kubo's {@code log} commands: a running daemon's logging, read and changed. */
final class LogRpcs {
  private LogRpcs() {}

  static List<ApiCommand> all() {
    return List.of(new LogLevelRpc(), new Ls(), new Tail());
  }

  /** {@code log/ls}: Kubo's {@code {Strings: [subsystem...]}}. */
  static final class Ls implements ApiCommand {
    @Override
    public String path() {
      return "log/ls";
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
      P2pRpcs.requireDaemon(node);
      res.emitOnce(P2pRpcs.strings(LogLevels.subsystems()));
    }
  }

  /**
   * {@code log/tail [--log-level L]}: the daemon's log messages as they come, one JSON value each,
   * until the client goes away; a message the loggers' levels let through (and at {@code log-level}
   * or above). A reader too slow for the log is told how many messages it missed.
   */
  static final class Tail implements ApiCommand {
    @Override
    public String path() {
      return "log/tail";
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws InterruptedException {
      P2pRpcs.requireDaemon(node);
      String level = req.option("log-level").filter(l -> !l.isEmpty()).orElse(null);
      LogTail tail;
      try {
        tail = LogTail.open(level);
      } catch (IllegalArgumentException e) {
        throw ApiException.client("setting log level " + level + ": " + e.getMessage());
      }
      try (tail) {
        while (true) {
          req.cancellation().check();
          Map<String, Object> message = tail.poll(Duration.ofMillis(500));
          long dropped = tail.takeDropped();
          if (dropped > 0) {
            res.emit(
                Map.of(
                    "level",
                    "warn",
                    "logger",
                    "log/tail",
                    "msg",
                    dropped + " messages dropped: the reader is slower than the log"));
          }
          if (message != null) {
            res.emit(message);
          }
        }
      }
    }
  }
}
