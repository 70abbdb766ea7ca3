package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;

/** {@code shutdown}: stops the daemon. */
final class ShutdownRpc implements ApiCommand {
  @Override
  public String path() {
    return "shutdown";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    if (!node.shutdown()) {
      throw new ApiException(
          ApiException.Kind.CLIENT,
          "this command must be run in online mode. Try running 'cairn daemon' first.");
    }
  }
}
