package io.cairn.node.rpc;

import io.cairn.config.Units;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.daemon.DiagnosticArchive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code diag/profile}: a zip of the daemon's diagnostics ({@link DiagnosticArchive}), as Kubo's
 * (raw {@code application/zip}): {@code collectors} (comma-separated; all by default) and {@code
 * profile-time} (30s by default; the recording ends early if the client goes away).
 */
final class DiagProfileRpc implements ApiCommand {
  @Override
  public String path() {
    return "diag/profile";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws Exception {
    P2pRpcs.requireDaemon(node);
    List<String> collectors = new ArrayList<>();
    for (String c : req.optionOr("collectors", "").split(",")) {
      if (!c.isBlank()) {
        collectors.add(c.strip());
      }
    }
    if (collectors.isEmpty()) {
      collectors.addAll(DiagnosticArchive.COLLECTORS);
    }
    String text = req.optionOr("profile-time", "30s");
    Duration time;
    try {
      time = Units.parseDuration(text);
    } catch (IllegalArgumentException e) {
      // Kubo's words
      throw ApiException.client(
          "failed to parse profile duration \"" + text + "\": " + e.getMessage());
    }
    try {
      DiagnosticArchive.check(collectors, time);
    } catch (IllegalArgumentException e) {
      throw ApiException.client(e.getMessage());
    }
    DiagnosticArchive.write(
        res.output(-1, "application/zip"), collectors, time, req.cancellation()::sleep);
  }
}
