package io.cairn.retrieval.p2p.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.retrieval.P2pNode;
import io.cairn.retrieval.p2p.testing.JsPeer;
import io.cairn.retrieval.p2p.testing.TcpEcho;
import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.Multiaddr;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Cairn's tunnels with js-libp2p ({@code interop/p2p-tunnel.mjs}): a js-libp2p peer's stream to a
 * Cairn listener reaches the TCP server behind it and comes back whole, and a Cairn forwarder's
 * connections reach a js-libp2p protocol handler and come back whole.
 */
@Tag("p2p")
@Tag("interop")
class TunnelInteropIT {
  private static final int SIZE = 3 * 1024 * 1024 + 123;

  @Test
  void aJsLibp2pStreamToACairnListenerReachesItsTcpTarget() throws Exception {
    try (ServerSocket echo = TcpEcho.start();
        TestHosts hosts = TestHosts.start(1, n -> {});
        Tunnels tunnels = new Tunnels(hosts.get(0).host());
        JsPeer js = JsPeer.start("p2p-tunnel.mjs")) {
      P2pNode cairn = hosts.get(0);
      tunnels.listen("/x/echo", TunnelsTest.tcp(echo.getLocalPort()), false);
      String addr = cairn.host().listenAddresses().get(0) + "/p2p/" + cairn.peerId();
      JsonNode r = js.call("roundtrip", Map.of("addr", addr, "protocol", "/x/echo", "size", SIZE));
      assertThat(r.get("bytes").asInt()).isEqualTo(SIZE);
      assertThat(r.get("received").asText()).isEqualTo(r.get("sent").asText());
      assertThat(tunnels.streams()).isEmpty();
    }
  }

  @Test
  void aCairnForwarderReachesAJsLibp2pHandler() throws Exception {
    try (TestHosts hosts = TestHosts.start(1, n -> {});
        Tunnels tunnels = new Tunnels(hosts.get(0).host());
        JsPeer js = JsPeer.start("p2p-tunnel.mjs")) {
      P2pNode cairn = hosts.get(0);
      cairn.host().connect(js.peerId(), js.addresses()).get(20, TimeUnit.SECONDS);
      TunnelListener forward =
          tunnels.forward("/x/js-echo", Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), js.peerId());
      int port = forward.listenAddress().port().orElseThrow();
      byte[] data = new byte[SIZE];
      new Random(7).nextBytes(data);
      assertThat(TcpEcho.roundTrip(port, data)).isEqualTo(data);
    }
  }
}
