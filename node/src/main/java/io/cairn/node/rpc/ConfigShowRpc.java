package io.cairn.node.rpc;

import io.cairn.config.ConfigEditor;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;

/** {@code config/show}: the whole config, without the private key and other secrets, as Kubo. */
final class ConfigShowRpc implements ApiCommand {
  @Override
  public String path() {
    return "config/show";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    res.emitOnce(ConfigRpc.parse(ConfigEditor.open(node.paths()).show()));
  }
}
