package io.cairn.node.chain;

import io.cairn.chain.ChainClient;
import io.cairn.chain.DealInfo;
import io.cairn.chain.ProviderInfo;
import io.cairn.node.api.Errors;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.node.p2p.deal.DealProposal;
import io.cairn.node.p2p.deal.DealProposals;
import io.cairn.retrieval.p2p.kad.Kademlia;
import io.cairn.storage.Cid;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client's side of a deal proposal: finds the provider's node (the peer ID and multiaddr
 * endpoints of its on-chain offer, else the DHT) and tells it which DAG the deal is for.
 */
final class DealProposing {
  private static final long TIMEOUT_SECONDS = 60;

  private DealProposing() {}

  /**
   * Sends the proposal for deal {@code d} and describes the outcome ({@code Event} "proposal",
   * {@code Accepted}, {@code Message}); an unreachable provider is an outcome, not an error, since
   * the deal is already open.
   */
  static Map<String, Object> propose(NodeHandle node, ChainClient c, DealInfo d, Cid root)
      throws InterruptedException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Event", "proposal");
    m.put("DealID", d.id().toString());
    m.put("Root", root.toString());
    try {
      DealProposals proposals =
          node.chain()
              .flatMap(ChainService::proposals)
              .orElseThrow(
                  () -> new IllegalStateException("this node's p2p network is not running"));
      ProviderInfo info =
          c.provider(d.provider())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "provider " + d.provider() + " is not in the registry"));
      PeerId peer = PeerId.parse(info.offer().peerId());
      m.put("Peer", peer.toString());
      List<Multiaddr> addresses = info.offer().multiaddrs();
      if (addresses.isEmpty()) {
        addresses = fromDht(node, peer);
      }
      DealProposals.Answer a =
          proposals
              .propose(peer, addresses, new DealProposal(d.id(), root))
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      m.put("Accepted", a.accepted());
      m.put("Message", a.message());
    } catch (ExecutionException e) {
      m.put("Accepted", false);
      m.put("Message", Errors.message(e.getCause()));
    } catch (TimeoutException e) {
      m.put("Accepted", false);
      m.put("Message", "the provider did not answer in " + TIMEOUT_SECONDS + " s");
    } catch (RuntimeException e) {
      m.put("Accepted", false);
      m.put("Message", Errors.message(e));
    }
    return m;
  }

  private static List<Multiaddr> fromDht(NodeHandle node, PeerId peer) throws InterruptedException {
    Optional<Kademlia> dht = node.network().flatMap(NodeNetwork::dht);
    if (dht.isEmpty()) {
      return List.of();
    }
    try {
      return dht.get()
          .findPeer(peer)
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .map(Kademlia.PeerInfo::addresses)
          .orElse(List.of());
    } catch (ExecutionException | TimeoutException e) {
      return List.of();
    }
  }
}
