package io.cairn.node.rpc;

import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.api.PathCommand;
import io.cairn.storage.StorageStats;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code repo/stat} (and Kubo's alias {@code stats/repo}): {@code {RepoSize, StorageMax,
 * NumObjects, RepoPath, Version}}, only the first two with {@code size-only}.
 */
final class RepoStatRpc extends PathCommand {

  RepoStatRpc(String path) {
    super(path);
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    boolean sizeOnly = req.flag(false, "size-only", "s");
    StorageStats stats = node.storage().stats();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("RepoSize", stats.diskBytes());
    m.put("StorageMax", node.config().datastore().storageMaxBytes());
    if (!sizeOnly) {
      m.put("NumObjects", stats.blockCount());
      m.put("RepoPath", node.paths().root().toString());
      m.put("Version", "cairn-repo@" + VersionRpc.REPO_VERSION);
    }
    res.emitOnce(m);
  }
}
