package io.cairn.retrieval.p2p.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.retrieval.ipns.IpnsRecord;
import io.cairn.retrieval.ipns.NameSystem;
import io.cairn.retrieval.ipns.Signer;
import io.cairn.retrieval.ipns.TestSigners;
import io.cairn.retrieval.p2p.bitswap.BitswapOptions;
import io.cairn.retrieval.p2p.testing.CairnPeer;
import io.cairn.retrieval.p2p.testing.JsPeer;
import io.cairn.storage.PeerId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IPNS over the DHT between Cairn and js-libp2p's {@code @libp2p/kad-dht} with the npm {@code ipns}
 * validator and selector ({@code interop/p2p-kad-dht.mjs}): each side's PUT_VALUE is taken and
 * checked by the other, and each side's GET_VALUE finds and checks the other's records.
 */
@Tag("p2p")
@Tag("interop")
class JsIpnsDhtIT {
  private static final String CAIRN_VALUE =
      "/ipfs/bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
  private static final String JS_VALUE = "/ipfs/bafkqaaa/from-js";
  private static final NameSystem.ResolveOptions FRESH =
      new NameSystem.ResolveOptions(false, 16, Duration.ofSeconds(30));

  @TempDir Path tmp;

  @Test
  void cairnAndJsLibp2pPutAndGetEachOthersIpnsRecords() throws Exception {
    try (CairnPeer a = CairnPeer.start(tmp.resolve("a"), 0, List.of(), BitswapOptions.DEFAULTS);
        JsPeer js = JsPeer.start("p2p-kad-dht.mjs")) {
      js.call("dial", Map.of("addr", a.dialAddresses().get(0).toString()));
      awaitInTable(a, js.peerId());
      NameSystem onA = new NameSystem(a.storage().table("ipns-published"), a.dht(), Instant::now);

      // Cairn publishes: js-libp2p takes the PUT_VALUE (its ipns validator checks the record)...
      Signer key = TestSigners.ed25519(40);
      NameSystem.Publication p =
          onA.publish(key, CAIRN_VALUE, NameSystem.PublishOptions.defaults())
              .get(30, TimeUnit.SECONDS);
      assertThat(p.peers()).isEqualTo(1);
      // ...and its GET_VALUE, answered by A, gives the same record back.
      JsonNode got = js.call("getIpns", Map.of("name", p.name().toString()));
      assertThat(got.get("value").asText()).isEqualTo(CAIRN_VALUE);
      assertThat(got.get("sequence").asText()).isEqualTo("0");

      // js-libp2p publishes: A takes its PUT_VALUE, and resolves the name.
      byte[] seed = new byte[32];
      java.util.Arrays.fill(seed, (byte) 0x42);
      JsonNode put =
          js.call(
              "publishIpns",
              Map.of("seed", HexFormat.of().formatHex(seed), "value", JS_VALUE, "sequence", 3));
      PeerId jsName = IpnsRecord.parseName(put.get("name").asText());
      byte[] jsRecord = Base64.getDecoder().decode(put.get("record").asText());
      assertThat(a.dht().localValue(IpnsRecord.routingKey(jsName))).contains(jsRecord);
      assertThat(onA.resolve("/ipns/" + put.get("name").asText() + "/x", true, FRESH).get())
          .extracting(NameSystem.Resolution::path)
          .isEqualTo(JS_VALUE + "/x");

      // B joins through js-libp2p only: its GET_VALUE, answered by js-libp2p, finds both names.
      try (CairnPeer b =
          CairnPeer.start(
              tmp.resolve("b"), 1, List.of(js.addresses().get(0)), BitswapOptions.DEFAULTS)) {
        b.dht().bootstrap().get(30, TimeUnit.SECONDS);
        NameSystem onB = new NameSystem(b.storage().table("ipns-published"), b.dht(), Instant::now);
        assertThat(onB.record(jsName, FRESH).get(60, TimeUnit.SECONDS).sequence()).isEqualTo(3);
        assertThat(onB.record(p.name(), FRESH).get(60, TimeUnit.SECONDS).value())
            .isEqualTo(CAIRN_VALUE);
      }
      assertThat(a.dht().misbehaviours()).isZero();
    }
  }

  private static void awaitInTable(CairnPeer cairn, PeerId peer) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!cairn.dht().routingTable().contains(peer) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(cairn.dht().routingTable()).as("Cairn's routing table").contains(peer);
  }
}
