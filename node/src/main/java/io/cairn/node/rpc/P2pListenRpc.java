package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.p2p.tunnel.TunnelListener;
import io.cairn.retrieval.p2p.tunnel.Tunnels;
import io.cairn.storage.Multiaddr;

/**
 * {@code p2p/listen?arg=<protocol>&arg=<target-address>}: registers the protocol; each stream a
 * peer opens with it is joined to a new TCP connection to the target, which first receives the
 * peer's ID and a newline with {@code --report-peer-id}. No output, or Kubo's foreground status
 * lines with {@code --foreground}.
 */
final class P2pListenRpc implements ApiCommand {
  @Override
  public String path() {
    return "p2p/listen";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws Exception {
    Tunnels tunnels = TunnelRpcs.tunnels(node, req);
    String protocol = req.argument(0, "protocol");
    String targetText = req.argument(1, "target-address");
    Multiaddr target = P2pRpcs.multiaddr(targetText);
    TunnelRpcs.checkPort(target);
    TunnelRpcs.checkProtocol(req, protocol);
    boolean report = req.flag(false, "report-peer-id", "r");
    TunnelListener listener = TunnelRpcs.run(() -> tunnels.listen(protocol, target, report));
    TunnelRpcs.foreground(req, res, tunnels, listener, protocol, targetText);
  }
}
