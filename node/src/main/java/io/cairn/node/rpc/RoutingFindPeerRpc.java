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
 * DHT lookup), as Kubo's FinalPeer event {@code {"Type": 2, "Responses": [{ID, Addrs}]}}. A lookup
 * that fails is, as in Kubo, a QueryError event {@code {"Type": 3, "Extra": "routing: not found"}}
 * followed by the error itself (the {@code X-Stream-Error} trailer over HTTP).
 */
final class RoutingFindPeerRpc implements ApiCommand {
  /** How long addresses found this way are kept in the peer store. */
  private static final Duration FOUND_TTL = Duration.ofMinutes(30);

  /** Kubo's (go-libp2p's {@code routing.ErrNotFound}) words for a peer no one knows. */
  static final String NOT_FOUND = "routing: not found";

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
    Optional<Kademlia.PeerInfo> found;
    try {
      found = find(network, peer, req);
    } catch (ApiException e) {
      res.emit(P2pRpcs.event(P2pRpcs.QUERY_ERROR, "", null, e.getMessage()));
      throw e;
    }
    if (found.isEmpty()) {
      res.emit(P2pRpcs.event(P2pRpcs.QUERY_ERROR, "", null, NOT_FOUND));
      throw new ApiException(ApiException.Kind.NOT_FOUND, NOT_FOUND);
    }
    res.emit(P2pRpcs.event(P2pRpcs.FINAL_PEER, "", List.of(found.get()), ""));
  }

  /**
   * Finds a peer's addresses through the DHT and keeps them in the peer store.
   *
   * @throws ApiException with Kubo's "routing: not found" when no peer knows it
   */
  static Kademlia.PeerInfo lookUp(NodeNetwork network, PeerId peer) {
    return find(network, peer, null)
        .orElseThrow(
            () ->
                new ApiException(ApiException.Kind.NOT_FOUND, NOT_FOUND + " (peer " + peer + ")"));
  }

  /**
   * Finds a peer's addresses through the DHT and keeps them in the peer store; empty when no peer
   * knows it.
   *
   * @param req when not null, its cancellation stops the lookup
   * @throws ApiException when this node runs without the DHT, or the lookup fails, times out or is
   *     cancelled
   */
  private static Optional<Kademlia.PeerInfo> find(
      NodeNetwork network, PeerId peer, ApiRequest req) {
    Kademlia dht =
        network
            .dht()
            .orElseThrow(
                () ->
                    new ApiException(
                        ApiException.Kind.NOT_FOUND,
                        "no addresses known for " + peer + " and this node runs without the DHT"));
    String what = "the DHT lookup of " + peer;
    Optional<Kademlia.PeerInfo> found =
        req == null
            ? P2pRpcs.await(dht.findPeer(peer), P2pRpcs.TIMEOUT, what)
            : P2pRpcs.await(dht.findPeer(peer), P2pRpcs.TIMEOUT, what, req);
    found.ifPresent(
        info -> network.p2p().host().peerStore().addAddresses(peer, info.addresses(), FOUND_TTL));
    return found;
  }
}
