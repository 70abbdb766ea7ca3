package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.retrieval.p2p.tunnel.TunnelListener;
import io.cairn.retrieval.p2p.tunnel.Tunnels;
import io.cairn.storage.Multiaddr;
import java.time.Duration;

/**
 * {@code p2p/forward?arg=<protocol>&arg=<listen-address>&arg=<target-address>}: listens on the
 * local TCP address (port 0 picks one, shown by {@code p2p ls}); each connection is joined to a new
 * stream of the protocol to the target peer ({@code /p2p/<ID>}, or an address ending in it, which
 * is added to the peer store for dialing, as Kubo's for two minutes).
 */
final class P2pForwardRpc implements ApiCommand {
  /** Kubo's {@code pstore.TempAddrTTL}, for the target's addresses. */
  static final Duration TARGET_ADDRESS_TTL = Duration.ofMinutes(2);

  @Override
  public String path() {
    return "p2p/forward";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws Exception {
    Tunnels tunnels = TunnelRpcs.tunnels(node, req);
    String protocol = req.argument(0, "protocol");
    String listenText = req.argument(1, "listen-address");
    Multiaddr listen = P2pRpcs.multiaddr(listenText);
    P2pRpcs.PeerAddress target = P2pRpcs.peerAddress(req.argument(2, "target-address"));
    TunnelRpcs.checkProtocol(req, protocol);
    NodeNetwork network = P2pRpcs.network(node, req);
    network
        .p2p()
        .host()
        .peerStore()
        .addAddresses(target.peer(), target.addresses(), TARGET_ADDRESS_TTL);
    TunnelListener listener =
        TunnelRpcs.run(() -> tunnels.forward(protocol, listen, target.peer()));
    TunnelRpcs.foreground(req, res, tunnels, listener, protocol, listenText);
  }
}
