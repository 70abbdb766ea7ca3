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
 * js-libp2p's {@code @libp2p/kad-dht} (a DHT server keeping loopback addresses) and Cairn's
 * Kademlia find each other's provider records: through ADD_PROVIDER sent to the other side, and
 * through GET_PROVIDERS answered by the other side ({@code interop/p2p-kad-dht.mjs}).
 */
@Tag("p2p")
@Tag("interop")
class JsKadDhtIT {
  @TempDir Path tmp;

  @Test
  void jsKadDhtAndCairnFindEachOtherAsProviders() throws Exception {
    try (CairnPeer a = CairnPeer.start(tmp.resolve("a"), 0, List.of(), BitswapOptions.DEFAULTS);
        JsPeer js = JsPeer.start("p2p-kad-dht.mjs")) {
      // Provided while A knows no peer: only A's own records name it.
      Cid early = cid("provided before js-libp2p came");
      assertThat(a.provide(List.of(early))).isZero();

      // js-libp2p dials A; each side takes the other into its routing table (Identify shows kad).
      JsonNode dialed = js.call("dial", Map.of("addr", a.dialAddresses().get(0).toString()));
      assertThat(texts(dialed.get("routingTable"))).contains(a.peerId().toString());
      awaitInTable(a, js.peerId());

      // GET_PROVIDERS answered by Cairn: A names itself, with addresses js-libp2p can dial.
      assertProvider(js, early, a);

      // ADD_PROVIDER from Cairn: js-libp2p stores A's record.
      Cid announced = cid("announced by Cairn");
      assertThat(a.provide(List.of(announced))).isPositive();
      assertProvider(js, announced, a);

      // ADD_PROVIDER from js-libp2p: A stores the record and finds js-libp2p with its addresses.
      Cid fromJs = cid("provided by js-libp2p");
      js.call("provide", Map.of("cid", fromJs.toString()));
      // js-libp2p's provide returns once its ADD_PROVIDER is sent, which A handles off its event
      // loop (the protocol has no acknowledgement): ask again for a few seconds.
      assertThat(findProvidersEventually(a, fromJs)).containsExactly(info(js));

      // GET_PROVIDERS answered by js-libp2p: B joins through js-libp2p after the records were made.
      Multiaddr jsAddr = js.addresses().get(0);
      try (CairnPeer b =
          CairnPeer.start(tmp.resolve("b"), 1, List.of(jsAddr), BitswapOptions.DEFAULTS)) {
        b.dht().bootstrap().get(30, TimeUnit.SECONDS);
        assertThat(b.dht().routingTable()).contains(js.peerId());
        assertThat(findProviders(b, fromJs)).containsExactly(info(js));
        // and a record only A holds, which B reaches through the peers js-libp2p names.
        assertThat(findProviders(b, early))
            .extracting(Kademlia.PeerInfo::peer)
            .containsExactly(a.peerId());
      }
      assertThat(a.dht().misbehaviours()).isZero();
    }
  }

  private static Cid cid(String text) {
    return Block.create(Multicodec.RAW, text.getBytes(StandardCharsets.UTF_8)).cid();
  }

  /**
   * The providers {@code peer} finds, their addresses without a trailing {@code /p2p/ID} (js-libp2p
   * names its own addresses with it, other peers' without).
   */
  private static List<Kademlia.PeerInfo> findProviders(CairnPeer peer, Cid cid) throws Exception {
    return peer.dht().findProviders(cid.multihash(), 1).get(30, TimeUnit.SECONDS).stream()
        .map(
            p ->
                new Kademlia.PeerInfo(
                    p.peer(), p.addresses().stream().map(JsKadDhtIT::transport).toList()))
        .toList();
  }

  /** The providers {@code peer} finds, asked again for up to 10 s while it finds none. */
  static List<Kademlia.PeerInfo> findProvidersEventually(CairnPeer peer, Cid cid) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<Kademlia.PeerInfo> found = findProviders(peer, cid);
    while (found.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      found = findProviders(peer, cid);
    }
    return found;
  }

  private static Multiaddr transport(Multiaddr a) {
    return Multiaddr.parse(a.toString().replaceAll("/p2p/[^/]*$", ""));
  }

  private static Kademlia.PeerInfo info(JsPeer js) {
    return new Kademlia.PeerInfo(
        js.peerId(), js.addresses().stream().map(JsKadDhtIT::transport).toList());
  }

  private static void assertProvider(JsPeer js, Cid cid, CairnPeer cairn) throws Exception {
    JsonNode providers = js.call("findProviders", Map.of("cid", cid.toString())).get("providers");
    assertThat(providers).hasSize(1);
    assertThat(providers.get(0).get("id").asText()).isEqualTo(cairn.peerId().toString());
    assertThat(texts(providers.get(0).get("addrs")))
        .contains(cairn.node().host().listenAddresses().get(0).toString());
  }

  /** Waits (20 s at most) until {@code peer} is in the routing table of {@code cairn}. */
  private static void awaitInTable(CairnPeer cairn, PeerId peer) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!cairn.dht().routingTable().contains(peer) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(cairn.dht().routingTable()).as("Cairn's routing table").contains(peer);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
