package io.cairn.node.daemon;

import static io.cairn.node.daemon.P2pRpcTest.await;
import static io.cairn.node.daemon.P2pRpcTest.dialAddress;
import static io.cairn.node.daemon.P2pRpcTest.json;
import static io.cairn.node.daemon.P2pRpcTest.post;
import static io.cairn.node.daemon.P2pRpcTest.stream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.storage.PeerId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code version/check} and {@code version/deps} over the RPC API of daemons on 127.0.0.1. */
class VersionRpcTest {
  @TempDir Path dir;

  @Test
  void checkSamplesThePeersOfTheRoutingTableAndDepsStreamsTheArtifacts() throws Exception {
    try (Daemon a = NetworkDaemons.start(dir.resolve("a"));
        Daemon b = NetworkDaemons.start(dir.resolve("b"))) {
      json(b, "swarm/connect", dialAddress(a));
      PeerId idB = PeerId.parse(P2pRpcTest.peerId(b));
      NodeNetwork network = a.service(NodeNetwork.class).orElseThrow();
      await(
          "a's routing table and peer store hold b with its agent",
          Duration.ofSeconds(20),
          () ->
              network.dht().orElseThrow().routingTable().contains(idB)
                  && network.p2p().host().peerStore().agentVersion(idB).isPresent());
      assertThat(network.p2p().host().peerStore().agentVersion(idB).orElseThrow())
          .startsWith("cairn/" + Versions.version() + "/");

      JsonNode check = json(a, "version/check");
      // b runs this build, a development version, which Kubo's rule leaves out: a alone is sampled
      String running = Versions.version().replaceAll("[-+].*", "");
      assertThat(check.toString())
          .isEqualTo(
              "{\"UpdateAvailable\":false,\"RunningVersion\":\""
                  + running
                  + "\",\"GreatestVersion\":\""
                  + running
                  + "\",\"PeersSampled\":1,\"WithGreaterVersion\":0}");
      assertThat(post(a, "version/check?min-percent=101").bodyText())
          .contains("Version.SwarmCheckPercentThreshold must be between 1 and 100");

      List<JsonNode> deps = stream(a, "version/deps");
      assertThat(deps.getFirst().toString())
          .isEqualTo(
              "{\"Path\":\"io.cairn:cairn-node\",\"Version\":\""
                  + Versions.version()
                  + "\",\"ReplacedBy\":\"\",\"Sum\":\"\"}");
      assertThat(deps).anyMatch(d -> d.path("Path").asText().equals("io.netty:netty-handler"));
    }
  }
}
