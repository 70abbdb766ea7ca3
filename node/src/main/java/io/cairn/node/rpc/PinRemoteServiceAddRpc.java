package io.cairn.node.rpc;

import io.cairn.config.RemotePinningServices;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;

/**
 * {@code pin/remote/service/add NAME ENDPOINT KEY}: stores a remote pinning service in {@code
 * Pinning.RemoteServices}, as Kubo does: the endpoint must be an http(s) URL without a query or the
 * {@code /pins} suffix (duplicate and trailing slashes are dropped), and a name already present is
 * refused. No output.
 */
final class PinRemoteServiceAddRpc implements ApiCommand {
  @Override
  public String path() {
    return "pin/remote/service/add";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    String name = req.argument(0, "service");
    String endpoint = req.argument(1, "endpoint");
    String key = req.argument(2, "key");
    try {
      RemotePinningServices.add(node.paths(), name, endpoint, key);
    } catch (IllegalArgumentException e) {
      throw ApiException.client(e.getMessage());
    }
    node.configChanged();
  }
}
