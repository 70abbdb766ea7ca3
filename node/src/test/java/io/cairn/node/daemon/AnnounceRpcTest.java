package io.cairn.node.daemon;

import static io.cairn.node.daemon.NetworkDaemons.peerId;
import static io.cairn.node.daemon.P2pRpcTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.config.ConfigEditor;
import io.cairn.config.RepoPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Addresses.AppendAnnounce} and {@code NoAnnounce} shape what the node tells peers, as
 * Kubo's address factory does: {@code id}, {@code swarm addrs local} and Identify show the
 * announced addresses, {@code swarm addrs listen} the listeners.
 */
class AnnounceRpcTest {
  @TempDir Path dir;
  private Daemon a;
  private Daemon b;

  @AfterEach
  void stop() {
    NetworkDaemons.closeAll(a, b);
  }

  @Test
  void noAnnounceNetworksAndAppendedAddressesShapeWhatPeersAreTold() throws Exception {
    NetworkDaemons.start(dir.resolve("a")).close();
    ConfigEditor config = ConfigEditor.open(new RepoPaths(dir.resolve("a")));
    config.set(
        "Addresses.NoAnnounce", "[\"/ip4/127.0.0.0/ipcidr/8\"]", ConfigEditor.ValueType.JSON);
    config.set(
        "Addresses.AppendAnnounce",
        "[\"/dns4/node.example/tcp/4001\"]",
        ConfigEditor.ValueType.JSON);
    a = NetworkDaemons.start(dir.resolve("a"));
    String self = peerId(a);

    assertThat(json(a, "id").get("Addresses").toString())
        .isEqualTo("[\"/dns4/node.example/tcp/4001/p2p/" + self + "\"]");
    assertThat(json(a, "swarm/addrs/local").get("Strings").toString())
        .isEqualTo("[\"/dns4/node.example/tcp/4001\"]");
    String listen = json(a, "swarm/addrs/listen").get("Strings").get(0).asText();
    assertThat(listen).startsWith("/ip4/127.0.0.1/tcp/");

    b = NetworkDaemons.start(dir.resolve("b"));
    json(b, "swarm/connect?arg=" + listen + "/p2p/" + self);
    // what a's Identify told b
    assertThat(json(b, "id?arg=" + self).get("Addresses").toString())
        .isEqualTo("[\"/dns4/node.example/tcp/4001/p2p/" + self + "\"]");
    // b announces its listeners as they are
    assertThat(json(b, "id").get("Addresses").get(0).asText()).startsWith("/ip4/127.0.0.1/tcp/");
  }
}
