package io.cairn.node.rpc;

import io.cairn.config.Units;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.CommandLog;
import io.cairn.node.api.NodeHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Kubo's {@code diag cmds}: the RPC commands a daemon runs and has lately run. */
final class DiagCmdsRpcs {
  /** Go's zero {@code time.Time}, which Kubo writes as the end of a running command. */
  static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";

  private DiagCmdsRpcs() {}

  static List<ApiCommand> all() {
    return List.of(new Cmds(), new Clear(), new SetTime());
  }

  /** The daemon's log; a one-shot command has none. */
  private static CommandLog log(NodeHandle node) {
    return node.commandLog().orElseThrow(() -> ApiException.client(P2pRpcs.NEEDS_DAEMON));
  }

  /**
   * {@code diag/cmds}: Kubo's list of request log entries, {@code [{StartTime, EndTime, Active,
   * Command, Options, Args, ID}]}, in the order the commands started; this one included. Times are
   * RFC 3339 in UTC; a running command's EndTime is Go's zero time. Options are the query's (but
   * {@code arg}), each one string, or a list when given more than once.
   */
  static final class Cmds implements ApiCommand {
    @Override
    public String path() {
      return "diag/cmds";
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
      List<Map<String, Object>> out = new ArrayList<>();
      for (CommandLog.Entry e : log(node).report()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("StartTime", NameInspectRpc.rfc3339Nano(e.start()));
        m.put("EndTime", e.active() ? GO_ZERO_TIME : NameInspectRpc.rfc3339Nano(e.end()));
        m.put("Active", e.active());
        m.put("Command", e.command());
        Map<String, Object> options = new TreeMap<>();
        e.options().forEach((k, v) -> options.put(k, v.size() == 1 ? v.get(0) : List.copyOf(v)));
        m.put("Options", options);
        m.put("Args", e.args());
        m.put("ID", e.id());
        out.add(m);
      }
      res.emitOnce(out);
    }
  }

  /** {@code diag/cmds/clear}: drops the finished commands from the log. */
  static final class Clear implements ApiCommand {
    @Override
    public String path() {
      return "diag/cmds/clear";
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
      log(node).clearFinished();
    }
  }

  /** {@code diag/cmds/set-time?arg=<duration>}: how long finished commands stay in the log. */
  static final class SetTime implements ApiCommand {
    @Override
    public String path() {
      return "diag/cmds/set-time";
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
      String text = req.requiredArguments("time").get(0);
      Duration keep;
      try {
        keep = Units.parseDuration(text);
      } catch (IllegalArgumentException e) {
        throw ApiException.client("time: invalid duration \"" + text + "\"");
      }
      log(node).keep(keep);
    }
  }
}
