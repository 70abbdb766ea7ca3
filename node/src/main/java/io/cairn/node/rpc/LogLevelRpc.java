package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.daemon.LogLevels;
import java.util.List;
import java.util.Map;

/**
 * {@code log/level [SUBSYSTEM [LEVEL]]}: the daemon's logging level, as Kubo's: with a level, sets
 * it ({@code all} or {@code *}: every subsystem and the default) and answers {@code {Message:
 * "Changed log level of 'S' to 'L'\n"}}; without, answers {@code {Levels: {name: level}}}: the
 * default alone ({@code (default)}), every subsystem with {@code all}, or the one named.
 */
final class LogLevelRpc implements ApiCommand {
  @Override
  public String path() {
    return "log/level";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    P2pRpcs.requireDaemon(node);
    List<String> args = req.arguments();
    String subsystem = args.isEmpty() ? "" : args.get(0);
    if (subsystem.equals("all")) {
      subsystem = "*";
    }
    try {
      if (args.size() > 1) {
        if (subsystem.isEmpty()) {
          throw ApiException.client("give a subsystem (or all) to set a level");
        }
        String set = LogLevels.set(subsystem, args.get(1));
        res.emitOnce(
            Map.of("Message", "Changed log level of '" + subsystem + "' to '" + set + "'\n"));
        return;
      }
      Map<String, String> levels =
          switch (subsystem) {
            case "" -> Map.of(LogLevels.DEFAULT, LogLevels.defaultLevel());
            case "*" -> LogLevels.all();
            default -> Map.of(subsystem, LogLevels.level(subsystem));
          };
      res.emitOnce(Map.of("Levels", levels));
    } catch (IllegalArgumentException e) {
      throw ApiException.client(e.getMessage());
    }
  }
}
