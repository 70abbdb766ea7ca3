package io.cairn.retrieval.p2p.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.retrieval.p2p.bitswap.BitswapOptions;
import io.cairn.retrieval.p2p.kad.Kademlia;
import io.cairn.retrieval.p2p.testing.CairnPeer;
import io.cairn.retrieval.p2p.testing.JsPeer;
import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.Multicodec;
import io.cairn.storage.PeerId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * js-libp2p's {@code @libp2p/kad-dht} configured as a LAN DHT ({@code /ipfs/lan/kad/1.0.0}, {@code
 * removePublicAddressesMapper}, server mode: {@code interop/p2p-kad-dht.mjs --lan}) and Cairn's LAN
 * DHT, with {@code Routing.LoopbackAddressesOnLanDHT} as everything runs on 127.0.0.1: each takes
 * the other into its LAN routing table (and Cairn keeps it out of its WAN one), and each finds the
 * other's provider records.
 */
@Tag("p2p")
@Tag("interop")
class JsLanDhtIT {
  @TempDir Path tmp;

  @Test
  void jsLanDhtAndCairnsLanDhtFindEachOtherAsProviders() throws Exception {
    try (CairnPeer a =
            CairnPeer.startWithLoopbackOnLan(tmp.resolve("a"), 0, BitswapOptions.DEFAULTS);
        JsPeer js = JsPeer.start("p2p-kad-dht.mjs", "--lan")) {
      assertThat(a.dht().isServer(Kademlia.Dht.LAN)).isTrue();

      // js-libp2p dials A and finds it in its table: A announces the LAN protocol (Identify).
      JsonNode dialed = js.call("dial", Map.of("addr", a.dialAddresses().get(0).toString()));
      assertThat(texts(dialed.get("routingTable"))).contains(a.peerId().toString());
      awaitInLanTable(a, js.peerId());
      assertThat(a.dht().routingTable(Kademlia.Dht.WAN)).doesNotContain(js.peerId());

      // ADD_PROVIDER from Cairn on the LAN DHT: js-libp2p finds A, with its 127.0.0.1 address.
      Cid announced = cid("announced on the LAN by Cairn");
      assertThat(a.provide(List.of(announced))).isPositive();
      JsonNode providers =
          js.call("findProviders", Map.of("cid", announced.toString())).get("providers");
      assertThat(providers).hasSize(1);
      assertThat(providers.get(0).get("id").asText()).isEqualTo(a.peerId().toString());
      assertThat(texts(providers.get(0).get("addrs")))
          .contains(a.node().host().listenAddresses().get(0).toString());

      // ADD_PROVIDER from js-libp2p: A's LAN DHT keeps the record and finds js-libp2p.
      Cid fromJs = cid("provided on the LAN by js-libp2p");
      js.call("provide", Map.of("cid", fromJs.toString()));
      assertThat(JsKadDhtIT.findProvidersEventually(a, fromJs))
          .extracting(Kademlia.PeerInfo::peer)
          .containsExactly(js.peerId());

      // GET_PROVIDERS answered by js-libp2p: B, connected to js-libp2p only, looks up on the LAN.
      try (CairnPeer b =
          CairnPeer.startWithLoopbackOnLan(tmp.resolve("b"), 1, BitswapOptions.DEFAULTS)) {
        Multiaddr jsAddr = js.addresses().get(0);
        b.node().host().connect(js.peerId(), List.of(transport(jsAddr))).get(30, TimeUnit.SECONDS);
        awaitInLanTable(b, js.peerId());
        b.dht().bootstrap().get(30, TimeUnit.SECONDS);
        assertThat(findProviders(b, fromJs)).containsExactly(js.peerId());
        assertThat(findProviders(b, announced)).containsExactly(a.peerId());
      }
      assertThat(a.dht().misbehaviours()).isZero();
    }
  }

  private static Cid cid(String text) {
    return Block.create(Multicodec.RAW, text.getBytes(StandardCharsets.UTF_8)).cid();
  }

  private static List<PeerId> findProviders(CairnPeer peer, Cid cid) throws Exception {
    return peer.dht().findProviders(cid.multihash(), 1).get(30, TimeUnit.SECONDS).stream()
        .map(Kademlia.PeerInfo::peer)
        .toList();
  }

  private static Multiaddr transport(Multiaddr a) {
    return Multiaddr.parse(a.toString().replaceAll("/p2p/[^/]*$", ""));
  }

  /** Waits (20 s at most) until {@code peer} is in the LAN routing table of {@code cairn}. */
  private static void awaitInLanTable(CairnPeer cairn, PeerId peer) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!cairn.dht().routingTable(Kademlia.Dht.LAN).contains(peer)
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(cairn.dht().routingTable(Kademlia.Dht.LAN)).as("Cairn's LAN table").contains(peer);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
