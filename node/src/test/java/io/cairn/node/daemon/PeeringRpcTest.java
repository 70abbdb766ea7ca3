package io.cairn.node.daemon;

import static io.cairn.node.daemon.P2pRpcTest.dialAddress;
import static io.cairn.node.daemon.P2pRpcTest.json;
import static io.cairn.node.daemon.P2pRpcTest.peerId;
import static io.cairn.node.daemon.P2pRpcTest.post;
import static io.cairn.node.daemon.P2pRpcTest.stream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.config.ConfigEditor;
import io.cairn.config.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubo's peering service through the RPC API: {@code swarm/peering/add|ls|rm} on a running daemon,
 * and the config's {@code Peering.Peers} at start. The first dial waits Kubo's 7.5–12.5 s.
 */
class PeeringRpcTest {
  @TempDir Path dir;
  private Daemon a;
  private Daemon b;

  @AfterEach
  void stop() {
    NetworkDaemons.closeAll(a, b);
  }

  @Test
  void aPeerAddedIsDialedListedAndRemovedAsKuboAnswers() throws Exception {
    a = NetworkDaemons.start(dir.resolve("a"));
    b = NetworkDaemons.start(dir.resolve("b"));
    String address = dialAddress(b);
    String transport = address.substring(0, address.indexOf("/p2p/"));

    assertThat(stream(a, "swarm/peering/add", address))
        .containsExactly(JSON.readTree("{\"ID\": \"" + peerId(b) + "\", \"Status\": \"success\"}"));
    assertThat(json(a, "swarm/peering/ls"))
        .isEqualTo(
            JSON.readTree(
                "{\"Peers\": [{\"ID\": \""
                    + peerId(b)
                    + "\", \"Addrs\": [\""
                    + transport
                    + "\"]}]}"));
    awaitConnected(a, peerId(b));

    assertThat(stream(a, "swarm/peering/rm", peerId(b)))
        .containsExactly(JSON.readTree("{\"ID\": \"" + peerId(b) + "\", \"Status\": \"success\"}"));
    assertThat(json(a, "swarm/peering/ls").get("Peers")).isEmpty();

    assertThat(post(a, "swarm/peering/add", peerId(b)).bodyText())
        .contains("is not a multiaddr: give <multiaddr>/p2p/<peer ID>");
    assertThat(post(a, "swarm/peering/add", dialAddress(a)).bodyText())
        .contains("that is this node");
    assertThat(post(a, "swarm/peering/rm", "x").bodyText()).contains("'x' is not a peer ID");
  }

  @Test
  void thePeersOfTheConfigAreKeptConnectedFromTheStart() throws Exception {
    b = NetworkDaemons.start(dir.resolve("b"));
    a = NetworkDaemons.start(dir.resolve("a"));
    String address = dialAddress(b);
    a.close();
    ConfigEditor.open(new RepoPaths(dir.resolve("a")))
        .set(
            "Peering.Peers",
            "[{\"ID\": \"" + peerId(b) + "\", \"Addrs\": [\"" + address + "\"]}]",
            ConfigEditor.ValueType.JSON);
    a = NetworkDaemons.start(dir.resolve("a"));

    assertThat(json(a, "swarm/peering/ls").at("/Peers/0/ID").asText()).isEqualTo(peerId(b));
    awaitConnected(a, peerId(b));
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /**
   * Waits up to 30 s (the first dial comes after 7.5–12.5 s) for {@code d} to list {@code peer}.
   */
  private static void awaitConnected(Daemon d, String peer) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && !connected(d, peer)) {
      Thread.sleep(200);
    }
    assertThat(connected(d, peer)).as("connected to " + peer).isTrue();
  }

  private static boolean connected(Daemon d, String peer) {
    try {
      JsonNode peers = json(d, "swarm/peers").path("Peers");
      return peers.findValuesAsText("Peer").contains(peer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
