package io.cairn.node.rpc;

import io.cairn.config.NodeConfig;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.api.PeerText;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.retrieval.P2pNode;
import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.identify.Identify;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code id [PEER]}: the node's peer ID, public key, addresses (dial addresses with {@code /p2p/},
 * then observed ones; null without the network) and protocols; with a peer, what that peer tells
 * through Identify (found through the peer store, else the DHT).
 */
final class IdRpc implements ApiCommand {
  @Override
  public String path() {
    return "id";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    NodeConfig config = node.config();
    PeerId self = config.peerId();
    PeerId id = req.arguments().isEmpty() ? self : P2pRpcs.peer(req.arguments().get(0));
    String base = req.optionOr("peerid-base", "b58mh");
    String idText =
        switch (base) {
          case "b58mh", "base58btc" -> id.toString();
          case "base36", "k" -> id.toBase36();
          case "base32", "b" -> id.toCid().toString();
          default ->
              throw ApiException.client(
                  "unknown peer ID encoding '" + base + "'; use b58mh, base36 or base32");
        };
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", idText);
    if (!id.equals(self)) {
      other(P2pRpcs.network(node, req), id, m);
      res.emitOnce(m);
      return;
    }
    m.put(
        "PublicKey",
        Base64.getEncoder().encodeToString(config.identity().key().publicKeyProtobuf()));
    Optional<P2pNode> p2p = P2pRpcs.awaitNetwork(node, req).map(NodeNetwork::p2p);
    m.put("Addresses", p2p.map(IdRpc::addresses).orElse(null));
    m.put("AgentVersion", NodeNetwork.agentVersion());
    m.put("Protocols", p2p.map(p -> p.host().protocols().stream().sorted().toList()).orElse(null));
    res.emitOnce(m);
  }

  /** The dial addresses, then the addresses peers observed this node at, each with its peer ID. */
  private static List<String> addresses(P2pNode p2p) {
    Set<String> out = new LinkedHashSet<>();
    p2p.dialAddresses().forEach(a -> out.add(a.toString()));
    Multiaddr suffix = Multiaddr.parse("/p2p/" + p2p.peerId());
    p2p.observedAddresses().stream()
        .map(a -> a.has("p2p") ? a : a.encapsulate(suffix))
        .map(Multiaddr::toString)
        .sorted()
        .forEach(out::add);
    return List.copyOf(out);
  }

  /**
   * Another peer, as Identify tells it: connects first (with the peer store's addresses, else those
   * a DHT lookup finds) and asks the peer.
   */
  private static void other(NodeNetwork network, PeerId peer, Map<String, Object> m) {
    P2pNode p2p = network.p2p();
    if (p2p.host().connection(peer).isEmpty() && p2p.host().peerStore().addresses(peer).isEmpty()) {
      RoutingFindPeerRpc.lookUp(network, peer);
    }
    Connection c =
        P2pRpcs.await(p2p.host().connect(peer, List.of()), P2pRpcs.TIMEOUT, "dialing " + peer);
    Identify.Info info = P2pRpcs.await(p2p.identify(c), P2pRpcs.TIMEOUT, "identifying " + peer);
    Optional<byte[]> key = p2p.host().peerStore().publicKey(peer).or(peer::publicKey);
    m.put("PublicKey", key.map(k -> Base64.getEncoder().encodeToString(k)).orElse(""));
    Multiaddr suffix = Multiaddr.parse("/p2p/" + peer);
    m.put(
        "Addresses",
        info.listenAddresses().stream().map(a -> a.encapsulate(suffix).toString()).toList());
    // What the peer chose, cleaned as Kubo cleans it.
    m.put("AgentVersion", PeerText.clean(info.agentVersion()));
    m.put("Protocols", info.protocols().stream().map(PeerText::clean).sorted().toList());
  }
}
