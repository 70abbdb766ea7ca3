package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.p2p.tunnel.Tunnels;
import io.cairn.storage.Multiaddr;
import java.util.Optional;

/**
 * {@code p2p/close}: closes the listeners that {@code --all}, or every one of {@code --protocol},
 * {@code --listen-address} and {@code --target-address} given, select; their open connections go
 * on. Answers the number closed, as Kubo's.
 */
final class P2pCloseRpc implements ApiCommand {
  @Override
  public String path() {
    return "p2p/close";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    Tunnels tunnels = TunnelRpcs.tunnels(node, req);
    boolean all = req.flag(false, "all", "a");
    Optional<String> protocol = req.option("protocol", "p");
    Optional<Multiaddr> listen = req.option("listen-address", "l").map(P2pRpcs::multiaddr);
    Optional<Multiaddr> target = req.option("target-address", "t").map(P2pRpcs::multiaddr);
    boolean any = protocol.isPresent() || listen.isPresent() || target.isPresent();
    if (!all && !any) {
      throw new ApiException(ApiException.Kind.NORMAL, "no matching options given");
    }
    if (all && any) {
      throw new ApiException(
          ApiException.Kind.NORMAL, "can't combine --all with other matching options");
    }
    int closed =
        tunnels.close(
            l ->
                all
                    || (protocol.map(l.protocol()::equals).orElse(true)
                        && listen.map(l.listenAddress()::equals).orElse(true)
                        && target.map(l.targetAddress()::equals).orElse(true)));
    res.emitOnce(closed);
  }
}
