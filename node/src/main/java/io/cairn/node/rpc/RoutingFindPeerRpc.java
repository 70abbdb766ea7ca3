package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.retrieval.p2p.kad.Kademlia;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code routing/findpeer PEER}: the peer's addresses (known ones when connected, else through a
 * DHT lookup), as Kubo's FinalPeer event {@code {"Type": 2, "Responses": [{ID, Addrs}]}}.
 */
final class RoutingFindPeerRpc implements ApiCommand {
  /** How long addresses found this way are kept in the peer store. */
  private static final Duration FOUND_TTL = Duration.ofMinutes(30);

  @Override
  public String path() {
    return "routing/findpeer";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    PeerId peer = P2pRpcs.peer(req.argument(0, "peerID"));
    NodeNetwork network = P2pRpcs.network(node, req);
    if (peer.equals(network.p2p().peerId())) {
      throw ApiException.client("found self");
    }
    P2pRpcs.dht(node, req);
    Kademlia.PeerInfo found = lookUp(network, peer);
    res.emit(P2pRpcs.event(P2pRpcs.FINAL_PEER, "", List.of(found), ""));
  }

  /**
   * Finds a peer's addresses through the DHT and keeps them in the peer store.
   *
   * @throws ApiException with Kubo's "routing: not found" when no peer knows it
   */
  static Kademlia.PeerInfo lookUp(NodeNetwork network, PeerId peer) {
    Kademlia dht =
        network
            .dht()
            .orElseThrow(
                () ->
                    new ApiException(
                        ApiException.Kind.NOT_FOUND,
                        "no addresses known for " + peer + " and this node runs without the DHT"));
    Optional<Kademlia.PeerInfo> found =
        P2pRpcs.await(dht.findPeer(peer), P2pRpcs.TIMEOUT, "the DHT lookup of " + peer);
    Kademlia.PeerInfo info =
        found.orElseThrow(
            () ->
                new ApiException(
                    ApiException.Kind.NOT_FOUND, "routing: not found (peer " + peer + ")"));
    network.p2p().host().peerStore().addAddresses(peer, info.addresses(), FOUND_TTL);
    return info;
  }
}
