package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import java.util.Map;

/** {@code repo/version}: the repo schema version, as Kubo's {@code {Version}}. */
final class RepoVersionRpc implements ApiCommand {
  @Override
  public String path() {
    return "repo/version";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    res.emitOnce(Map.of("Version", Integer.toString(VersionRpc.REPO_VERSION)));
  }
}
