package io.cairn.node.daemon;

import static io.cairn.node.daemon.P2pRpcTest.await;
import static io.cairn.node.daemon.P2pRpcTest.dialAddress;
import static io.cairn.node.daemon.P2pRpcTest.json;
import static io.cairn.node.daemon.P2pRpcTest.peerId;
import static io.cairn.node.daemon.P2pRpcTest.post;
import static io.cairn.node.daemon.P2pRpcTest.stream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.retrieval.p2p.kad.Kademlia;
import io.cairn.storage.PeerId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubo's {@code dht/query} over the RPC API against daemons on 127.0.0.1, its removed {@code dht}
 * subcommands, and {@code stats/provide} (Kubo's alias of {@code provide/stat}).
 */
class DhtQueryRpcTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static Kademlia dht(Daemon d) {
    return d.service(NodeNetwork.class).orElseThrow().dht().orElseThrow();
  }

  private static String event(int type, String id, String extra) {
    return "{\"Extra\":\""
        + extra
        + "\",\"ID\":\""
        + id
        + "\",\"Responses\":null,\"Type\":"
        + type
        + "}";
  }

  /**
   * b knows only a, which knows b and c: b's query of c's ID asks a (connected), learns c from a's
   * answer, dials and asks c, and ends with a and c as the final peers.
   */
  @Test
  void queryStreamsEachStepThenTheClosestPeersAsFinalPeers() throws Exception {
    try (Daemon a = NetworkDaemons.start(dir.resolve("a"));
        Daemon b = NetworkDaemons.start(dir.resolve("b"));
        Daemon c = NetworkDaemons.start(dir.resolve("c"))) {
      String idA = peerId(a);
      String idB = peerId(b);
      String idC = peerId(c);
      json(b, "swarm/connect", dialAddress(a));
      json(c, "swarm/connect", dialAddress(a));
      await(
          "the routing tables hold the connected peers",
          Duration.ofSeconds(20),
          () ->
              dht(a).routingTable().containsAll(List.of(PeerId.parse(idB), PeerId.parse(idC)))
                  && dht(b).routingTable().equals(List.of(PeerId.parse(idA))));

      List<JsonNode> events = stream(b, "dht/query", idC);

      List<String> lines = events.stream().map(JsonNode::toString).toList();
      int firstFinal = 0;
      while (firstFinal < events.size() && events.get(firstFinal).get("Type").asInt() != 2) {
        firstFinal++;
      }
      assertThat(firstFinal).as("%s", lines).isPositive();
      assertThat(lines.subList(firstFinal, lines.size()))
          .containsExactlyInAnyOrder(event(2, idA, ""), event(2, idC, ""));
      List<String> steps = lines.subList(0, firstFinal);
      assertThat(steps.get(0)).isEqualTo(event(0, idA, ""));
      assertThat(steps).containsSubsequence(event(7, idC, ""), event(0, idC, ""));
      assertThat(steps).noneMatch(s -> s.contains("\"Type\":3"));
      List<JsonNode> answers = new ArrayList<>();
      for (JsonNode e : events.subList(0, firstFinal)) {
        if (e.get("Type").asInt() == 1) {
          answers.add(e);
        }
      }
      assertThat(answers).extracting(e -> e.get("ID").asText()).containsExactlyInAnyOrder(idA, idC);
      JsonNode ofA =
          answers.stream().filter(e -> e.get("ID").asText().equals(idA)).findFirst().get();
      assertThat(ofA.fieldNames()).toIterable().containsExactly("Extra", "ID", "Responses", "Type");
      assertThat(ofA.get("Extra").asText()).isEmpty();
      JsonNode named = null;
      for (JsonNode r : ofA.get("Responses")) {
        assertThat(r.fieldNames()).toIterable().containsExactly("Addrs", "ID");
        if (r.get("ID").asText().equals(idC)) {
          named = r;
        }
      }
      assertThat(named).as("a names c").isNotNull();
      assertThat(named.get("Addrs").get(0).asText())
          .isEqualTo(dialAddress(c).substring(0, dialAddress(c).indexOf("/p2p/")));
    }
  }

  @Test
  void aLoneNodeHasNoPeerToAskAsKubo() throws Exception {
    try (Daemon a = NetworkDaemons.start(dir.resolve("a"))) {
      RawHttp r = post(a, "dht/query", "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");

      assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
      assertThat(r.bodyText().strip()).isEqualTo(event(3, "", "failed to find any peer in table"));
      assertThat(r.trailers()).containsEntry("x-stream-error", "failed to find any peer in table");
    }
  }

  @Test
  void badInputAndRemovedSubcommandsGetKubosWords() throws Exception {
    try (Daemon a = NetworkDaemons.start(dir.resolve("a"))) {
      RawHttp bad = post(a, "dht/query", "not-a-peer");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(JSON.readTree(bad.body()).get("Message").asText()).isEqualTo("invalid peer ID");
      assertThat(JSON.readTree(bad.body()).get("Code").asInt()).isEqualTo(1);

      for (String removed : List.of("findprovs", "findpeer", "get", "put", "provide")) {
        RawHttp r = post(a, "dht/" + removed, "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
        assertThat(r.status()).as(removed).isEqualTo(500);
        assertThat(JSON.readTree(r.body()).get("Message").asText())
            .as(removed)
            .isEqualTo("removed, use 'cairn routing' instead");
      }
    }
  }

  @Test
  void statsProvideAnswersAsProvideStat() throws Exception {
    try (Daemon a = NetworkDaemons.start(dir.resolve("a"))) {
      JsonNode stat = json(a, "provide/stat");
      JsonNode stats = json(a, "stats/provide");

      assertThat(stats.fieldNames()).toIterable().containsExactly("Sweep", "Legacy", "FullRT");
      // the timings move between the two calls; every other figure is the same
      ((ObjectNode) stat.get("Sweep")).remove("timing");
      ((ObjectNode) stats.get("Sweep")).remove("timing");
      assertThat(stats).isEqualTo(stat);
    }
  }
}
