package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code version}: Kubo's fields, with the Java version where Kubo gives Go's. */
final class VersionRpc implements ApiCommand {
  /** The repo schema version this build reads and writes. */
  static final int REPO_VERSION = io.cairn.node.daemon.Versions.REPO_VERSION;

  @Override
  public String path() {
    return "version";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Version", io.cairn.node.daemon.Versions.version());
    m.put("Commit", "");
    m.put("Repo", Integer.toString(REPO_VERSION));
    m.put(
        "System",
        System.getProperty("os.arch")
            + "/"
            + System.getProperty("os.name").toLowerCase(Locale.ROOT));
    m.put("Golang", "java" + System.getProperty("java.version"));
    res.emitOnce(m);
  }
}
