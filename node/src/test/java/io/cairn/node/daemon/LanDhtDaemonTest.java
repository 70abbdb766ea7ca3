package io.cairn.node.daemon;

import static io.cairn.node.daemon.P2pRpcTest.await;
import static io.cairn.node.daemon.P2pRpcTest.dialAddress;
import static io.cairn.node.daemon.P2pRpcTest.json;
import static io.cairn.node.daemon.P2pRpcTest.peerId;
import static io.cairn.node.daemon.P2pRpcTest.stream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.config.ConfigEditor;
import io.cairn.config.RepoInitializer;
import io.cairn.config.RepoPaths;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.retrieval.p2p.kad.Kademlia;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Daemons on 127.0.0.1 with {@code Routing.LoopbackAddressesOnLanDHT} (as Kubo's test profile sets
 * it) run the LAN DHT as servers: connected, each is in the other's LAN table, which {@code
 * stats/dht} lists as Kubo's {@code lan} table.
 */
class LanDhtDaemonTest {
  @TempDir Path dir;

  private Daemon start(String name, boolean loopbackOnLan) {
    Path repo = dir.resolve(name);
    RepoPaths paths = new RepoPaths(repo);
    RepoInitializer.init(paths, List.of("test"));
    if (loopbackOnLan) {
      ConfigEditor.open(paths)
          .set("Routing.LoopbackAddressesOnLanDHT", "true", ConfigEditor.ValueType.BOOL);
    }
    return NetworkDaemons.start(repo);
  }

  private static Kademlia dht(Daemon d) {
    return d.service(NodeNetwork.class).orElseThrow().dht().orElseThrow();
  }

  private static List<String> lanPeers(Daemon d) throws Exception {
    List<String> ids = new ArrayList<>();
    for (JsonNode bucket : stream(d, "stats/dht", "lan").get(0).get("Buckets")) {
      if (!bucket.get("Peers").isNull()) {
        bucket.get("Peers").forEach(p -> ids.add(p.get("ID").asText()));
      }
    }
    return ids;
  }

  @Test
  void withLoopbackAddressesOnTheLanDhtConnectedDaemonsShareIt() throws Exception {
    try (Daemon a = start("a", true);
        Daemon b = start("b", true)) {
      assertThat(dht(a).isServer(Kademlia.Dht.LAN)).isTrue();
      json(b, "swarm/connect", dialAddress(a));
      await(
          "each daemon is in the other's LAN table",
          Duration.ofSeconds(20),
          () ->
              dht(a).routingTable(Kademlia.Dht.LAN).size() == 1
                  && dht(b).routingTable(Kademlia.Dht.LAN).size() == 1);
      assertThat(lanPeers(a)).containsExactly(peerId(b));
      assertThat(lanPeers(b)).containsExactly(peerId(a));
    }
  }

  @Test
  void withoutItTheLanDhtStaysOffLoopback() throws Exception {
    try (Daemon a = start("a", false);
        Daemon b = start("b", false)) {
      assertThat(dht(a).isServer(Kademlia.Dht.LAN)).isFalse();
      json(b, "swarm/connect", dialAddress(a));
      await(
          "the WAN tables hold the connected peer",
          Duration.ofSeconds(20),
          () -> dht(a).routingTable(Kademlia.Dht.WAN).size() == 1);
      assertThat(lanPeers(a)).isEmpty();
      assertThat(dht(b).routingTable(Kademlia.Dht.LAN)).isEmpty();
    }
  }
}
