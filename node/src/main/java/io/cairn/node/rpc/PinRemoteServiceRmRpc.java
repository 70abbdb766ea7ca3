package io.cairn.node.rpc;

import io.cairn.config.RemotePinningServices;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;

/**
 * {@code pin/remote/service/rm NAME}: removes a remote pinning service from {@code
 * Pinning.RemoteServices}; as in Kubo, a name that is not there is no error. No output.
 */
final class PinRemoteServiceRmRpc implements ApiCommand {
  @Override
  public String path() {
    return "pin/remote/service/rm";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    RemotePinningServices.remove(node.paths(), req.argument(0, "service"));
    node.configChanged();
  }
}
