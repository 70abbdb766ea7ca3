package io.cairn.retrieval.p2p.mdns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.retrieval.P2pNode;
import io.cairn.retrieval.p2p.testing.JsPeer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * js-libp2p with {@code @libp2p/mdns} ({@code interop/p2p-mdns.mjs}) and Cairn's mDNS discovery
 * find each other over real multicast, and both end up connected.
 */
@Tag("p2p")
@Tag("interop")
class MdnsInteropIT {
  @Test
  void jsLibp2pAndCairnDiscoverEachOtherAndConnect() throws Exception {
    MulticastProbe.assumeMulticast();
    try (P2pNode cairn = MdnsDiscoveryTest.randomHost();
        JsPeer js = JsPeer.start("p2p-mdns.mjs")) {
      try (Mdns mdns =
          Mdns.start(
              cairn.host(), 100, MdnsOptions.defaults().withInterval(Duration.ofSeconds(1)))) {
        // js-libp2p heard Cairn's answer: Cairn's addresses with its peer ID
        JsonNode found = js.call("discovered", Map.of("peer", cairn.peerId().toString()));
        assertThat(found.get("multiaddrs").toString()).contains("/ip4/127.0.0.1/tcp/");
        assertThat(found.get("connected").asBoolean()).isTrue();
        // and Cairn heard js-libp2p's answer
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while ((!mdns.peers().contains(js.peerId())
                || cairn.host().connection(js.peerId()).isEmpty())
            && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(mdns.peers()).as("peers Cairn discovered").contains(js.peerId());
        assertThat(cairn.host().connection(js.peerId())).as("Cairn connected to js").isPresent();
        assertThat(js.call("connected", Map.of("peer", cairn.peerId().toString())).toString())
            .contains("true");
        assertThat(mdns.stats().malformed()).isZero();
      }
    }
  }
}
