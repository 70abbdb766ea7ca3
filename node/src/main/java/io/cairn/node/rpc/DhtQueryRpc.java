package io.cairn.node.rpc;

import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.api.PathCommand;
import io.cairn.retrieval.p2p.kad.Kademlia;
import io.cairn.retrieval.p2p.kad.QueryListener;
import io.cairn.storage.PeerId;
import java.util.List;

/**
 * {@code dht/query PEER}: Kubo's (deprecated) closest-peers lookup of a peer ID, streamed as its
 * routing query events: DialingPeer (7), SendingQuery (0), PeerResponse (1, the closer peers a peer
 * named) and QueryError (3) as the lookup goes, then a FinalPeer event (2) for each of the k
 * closest peers that answered, {@code {"Extra": "", "ID": PEER, "Responses": null, "Type": 2}}. The
 * lookup stops at the time-out and when the client goes away.
 */
final class DhtQueryRpc extends PathCommand {
  /** Kubo's ({@code kbucket.ErrLookupFailure}) words for a lookup with no peer to start from. */
  static final String NO_PEERS = "failed to find any peer in table";

  DhtQueryRpc() {
    super("dht/query");
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws InterruptedException {
    Kademlia dht = P2pRpcs.dht(node, req);
    PeerId target;
    try {
      target = PeerId.parse(req.argument(0, "peerID").strip());
    } catch (IllegalArgumentException e) {
      throw ApiException.client("invalid peer ID");
    }
    if (dht.routingTable().isEmpty()) {
      res.emit(P2pRpcs.event(P2pRpcs.QUERY_ERROR, "", null, NO_PEERS));
      throw new ApiException(ApiException.Kind.NORMAL, NO_PEERS);
    }
    QueryEvents events = new QueryEvents();
    List<PeerId> closest =
        events.stream(
            events.follow(dht.closestPeers(target.bytes(), listener(events))),
            P2pRpcs.TIMEOUT,
            "the DHT query of " + target,
            req,
            res);
    for (PeerId p : closest) {
      res.emit(P2pRpcs.event(P2pRpcs.FINAL_PEER, p.toString(), null, ""));
    }
  }

  /** Each step of the lookup as Kubo's event. */
  private static QueryListener listener(QueryEvents events) {
    return new QueryListener() {
      @Override
      public void dialing(PeerId peer) {
        events.add(P2pRpcs.event(P2pRpcs.DIALING_PEER, peer.toString(), null, ""));
      }

      @Override
      public void sending(PeerId peer) {
        events.add(P2pRpcs.event(P2pRpcs.SENDING_QUERY, peer.toString(), null, ""));
      }

      @Override
      public void answered(PeerId peer, List<Kademlia.PeerInfo> closer) {
        events.add(P2pRpcs.event(P2pRpcs.PEER_RESPONSE, peer.toString(), closer, ""));
      }

      @Override
      public void failed(PeerId peer, String reason) {
        events.add(P2pRpcs.event(P2pRpcs.QUERY_ERROR, peer.toString(), null, reason));
      }
    };
  }
}
