package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.api.PeerText;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.retrieval.p2p.Host;
import io.cairn.retrieval.p2p.kad.Kademlia;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code stats/dht [dht...]}: Kubo's routing table listing, one {@code {Name, Buckets:
 * [{LastRefresh, Peers: [{ID, Connected, AgentVersion, LastUsefulAt, LastQueriedAt}]}]}} per DHT
 * named: {@code wan} (or {@code wanserver}, the same table) for the WAN DHT, {@code lan} (or {@code
 * lanserver}) for the LAN DHT; both, {@code wan} first, by default, as Kubo. Buckets run from 0 to
 * the highest one holding a peer (an empty one has {@code Peers: null}, as Kubo's); {@code
 * LastRefresh} is when the table was last refreshed (the lookup of this node's own ID, at start and
 * every 10 minutes), the same for every bucket. Times are RFC 3339 to the second, empty for never.
 */
final class StatsDhtRpc implements ApiCommand {
  static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  @Override
  public String path() {
    return "stats/dht";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    List<String> names = req.arguments().isEmpty() ? List.of("wan", "lan") : req.arguments();
    for (String name : names) {
      which(name);
    }
    NodeNetwork network = P2pRpcs.network(node, req);
    Kademlia dht = P2pRpcs.dht(node, req);
    for (String name : names) {
      res.emit(table(name, which(name), dht, network.p2p().host()));
    }
  }

  private static Kademlia.Dht which(String name) {
    return switch (name) {
      case "wan", "wanserver" -> Kademlia.Dht.WAN;
      case "lan", "lanserver" -> Kademlia.Dht.LAN;
      default -> throw ApiException.client("unknown dht type: " + name); // Kubo's message
    };
  }

  private static Map<String, Object> table(
      String name, Kademlia.Dht which, Kademlia dht, Host host) {
    List<Kademlia.TablePeer> entries = dht.routingTableEntries(which);
    int buckets = entries.stream().mapToInt(e -> e.bucket() + 1).max().orElse(0);
    List<List<Map<String, Object>>> peers = new ArrayList<>();
    for (int i = 0; i < buckets; i++) {
      peers.add(null);
    }
    for (Kademlia.TablePeer e : entries) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("ID", e.peer().toString());
      p.put("Connected", host.connection(e.peer()).isPresent());
      p.put(
          "AgentVersion", host.peerStore().agentVersion(e.peer()).map(PeerText::clean).orElse(""));
      p.put("LastUsefulAt", time(e.lastUseful()));
      p.put("LastQueriedAt", time(e.lastQueried()));
      if (peers.get(e.bucket()) == null) {
        peers.set(e.bucket(), new ArrayList<>());
      }
      peers.get(e.bucket()).add(p);
    }
    String refreshed = time(dht.lastRefresh(which));
    List<Map<String, Object>> out = new ArrayList<>(buckets);
    for (List<Map<String, Object>> bucket : peers) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("LastRefresh", refreshed);
      b.put("Peers", bucket);
      out.add(b);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", name);
    m.put("Buckets", out);
    return m;
  }

  /** As Go's {@code time.RFC3339} in the local zone, to the second; empty for never. */
  private static String time(Optional<Instant> at) {
    return at.map(
            t -> RFC3339.format(t.truncatedTo(ChronoUnit.SECONDS).atZone(ZoneId.systemDefault())))
        .orElse("");
  }
}
