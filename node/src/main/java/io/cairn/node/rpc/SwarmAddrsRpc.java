package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.p2p.PeerStore;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code swarm/addrs}: the addresses the peer store knows, as Kubo's {@code {"Addrs": {peer:
 * [...]}}}.
 */
final class SwarmAddrsRpc implements ApiCommand {
  @Override
  public String path() {
    return "swarm/addrs";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    PeerStore store = P2pRpcs.network(node, req).p2p().host().peerStore();
    PeerId self = P2pRpcs.network(node, req).p2p().peerId();
    Map<String, List<String>> addrs = new TreeMap<>();
    for (PeerId p : store.peers()) {
      List<Multiaddr> a = store.addresses(p);
      if (!p.equals(self) && !a.isEmpty()) {
        addrs.put(p.toString(), a.stream().map(Multiaddr::toString).toList());
      }
    }
    res.emitOnce(Map.of("Addrs", addrs));
  }
}
