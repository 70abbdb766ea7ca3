package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.pinning.client.PinFilter;
import io.cairn.node.pinning.client.PinningClient;

/**
 * {@code pin/remote/ls --service=NAME [--name=] [--cid=] [--status=]}: the pins a remote service
 * holds that match (by default those {@code pinned}), newest first, one Kubo {@code {Status, Cid,
 * Name}} per pin, emitted as each page arrives: the listing holds one page at a time.
 */
final class PinRemoteLsRpc implements ApiCommand {
  @Override
  public String path() {
    return "pin/remote/ls";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    PinningClient client = RemotePins.client(node, req);
    PinFilter filter = RemotePins.filter(req);
    CidEncoder cids = CidEncoder.of(req);
    client.list(filter, pin -> res.emit(RemotePins.json(pin, cids)));
  }
}
