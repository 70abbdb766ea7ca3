package io.cairn.node.webui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.node.p2p.BandwidthMeter;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.retrieval.P2pNode;
import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.bitswap.BitswapStat;
import io.cairn.retrieval.p2p.kad.Kademlia;
import java.util.Comparator;
import java.util.List;

/**
 * The status's {@code peers} part, for the Peers card: whether the network runs, the connected
 * peers (the first {@value #PEER_LIST_LIMIT}), the addresses peers dial, Bitswap's blocks in and
 * out, the host's bytes in and out with their rates, and the DHT's routing table and provides.
 */
final class PeersStatus {
  /** How many connected peers the status lists (all are counted). */
  static final int PEER_LIST_LIMIT = 50;

  private PeersStatus() {}

  static void write(NodeNetwork network, ObjectNode out) {
    P2pNode p2p = network == null ? null : network.p2p();
    out.put("online", p2p != null);
    if (p2p == null) {
      return;
    }
    List<Connection> connections =
        p2p.host().connections().stream()
            .filter(Connection::isOpen)
            .sorted(Comparator.comparing((Connection c) -> c.remotePeer().toString()))
            .toList();
    out.put("connected", connections.size());
    ArrayNode list = out.putArray("list");
    for (Connection c : connections.subList(0, Math.min(PEER_LIST_LIMIT, connections.size()))) {
      ObjectNode e = list.addObject();
      e.put("Peer", c.remotePeer().toString());
      e.put("Addr", c.remoteAddress().toString());
      e.put("Direction", c.initiator() ? "outbound" : "inbound");
      e.put("Security", c.security());
      p2p.host().peerStore().agentVersion(c.remotePeer()).ifPresent(a -> e.put("Agent", a));
    }
    ArrayNode addresses = out.putArray("addresses");
    p2p.dialAddresses().forEach(a -> addresses.add(a.toString()));
    BitswapStat s = network.bitswap().stat();
    ObjectNode bitswap = out.putObject("bitswap");
    bitswap.put("blocksReceived", s.blocksReceived());
    bitswap.put("blocksSent", s.blocksSent());
    bitswap.put("dataReceived", s.dataReceived());
    bitswap.put("dataSent", s.dataSent());
    bitswap.put("wants", s.wantlist().size());
    BandwidthMeter.Stats bw = network.bandwidth().stats();
    ObjectNode bandwidth = out.putObject("bandwidth");
    bandwidth.put("totalIn", bw.totalIn());
    bandwidth.put("totalOut", bw.totalOut());
    bandwidth.put("rateIn", bw.rateIn());
    bandwidth.put("rateOut", bw.rateOut());
    network.dht().ifPresent(dht -> dht(dht, out.putObject("dht")));
  }

  /**
   * The DHTs: the routing-table peers of both (a peer in both counted once), and what the node
   * provides as the WAN DHT's sweep tells it (both sweeps hold the same keys); each DHT's own
   * figures under {@code wan} and {@code lan}.
   */
  private static void dht(Kademlia dht, ObjectNode out) {
    Kademlia.ReprovideStatus r = dht.reprovideStatus();
    out.put("routingTable", dht.routingTable().size());
    out.put("provided", r.keys());
    out.put("regionsReprovided", r.regionsReprovided());
    r.lastSweep().ifPresent(t -> out.put("lastSweep", t.toString()));
    for (Kademlia.Dht d :
        dht.hasLan() ? Kademlia.Dht.values() : new Kademlia.Dht[] {Kademlia.Dht.WAN}) {
      Kademlia.ReprovideStatus s = dht.reprovideStatus(d);
      ObjectNode one = out.putObject(d.label());
      one.put("routingTable", dht.routingTable(d).size());
      one.put("provided", s.keys());
      one.put("regionsReprovided", s.regionsReprovided());
      one.put("server", dht.isServer(d));
    }
  }
}
