package io.cairn.retrieval.p2p.kad;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import io.cairn.storage.codec.KeyProtobuf;
import io.cairn.storage.testing.JsReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Cairn's kad message codec against js-libp2p's (@libp2p/kad-dht), both ways. */
@Tag("interop")
class KadMessageInteropIT {
  private static final HexFormat HEX = HexFormat.of();
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Random random = new Random(21);

  private PeerId peer() {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return PeerId.fromPublicKey(KeyProtobuf.encode(KeyProtobuf.ED25519, key));
  }

  private static void assertSame(KadMessage m, JsonNode js) {
    assertThat(js.get("type").asText()).isEqualTo(m.type().name());
    assertThat(js.get("key").asText()).isEqualTo(HEX.formatHex(m.key()));
    assertThat(js.get("clusterLevel").asInt()).isEqualTo(m.clusterLevelRaw());
    assertPeers(m.closerPeers(), js.get("closer"));
    assertPeers(m.providerPeers(), js.get("providers"));
  }

  private static void assertPeers(List<KadMessage.Peer> peers, JsonNode js) {
    assertThat(js.size()).isEqualTo(peers.size());
    for (int i = 0; i < peers.size(); i++) {
      KadMessage.Peer p = peers.get(i);
      JsonNode j = js.get(i);
      assertThat(j.get("id").asText()).isEqualTo(HEX.formatHex(p.id().bytes()));
      List<String> addrs = new ArrayList<>();
      j.get("addrs").forEach(a -> addrs.add(a.asText()));
      assertThat(addrs)
          .containsExactlyElementsOf(
              p.addrs().stream().map(a -> HEX.formatHex(a.bytes())).toList());
      assertThat(j.get("connection").asText()).isEqualTo(p.connection().name());
    }
  }

  @Test
  void jsReadsWhatCairnWrites() throws Exception {
    Multiaddr tcp = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");
    Multiaddr ip6 = Multiaddr.parse("/ip6/::1/tcp/4002");
    List<KadMessage> messages =
        List.of(
            KadMessage.request(KadMessage.Type.PING, new byte[0]),
            KadMessage.request(KadMessage.Type.FIND_NODE, peer().bytes()),
            new KadMessage(
                KadMessage.Type.GET_PROVIDERS,
                new byte[] {0x12, 0x20, 1, 2, 3},
                null,
                List.of(
                    new KadMessage.Peer(
                        peer(), List.of(tcp, ip6), KadMessage.Connectedness.CAN_CONNECT),
                    new KadMessage.Peer(peer(), List.of(), KadMessage.Connectedness.NOT_CONNECTED)),
                List.of(
                    new KadMessage.Peer(peer(), List.of(tcp), KadMessage.Connectedness.CONNECTED)),
                5));
    StringBuilder in = new StringBuilder();
    messages.forEach(m -> in.append(HEX.formatHex(KadCodec.encode(m))).append('\n'));

    String out =
        JsReference.run(
            "kad-message.mjs", in.toString().getBytes(StandardCharsets.UTF_8), "decode");

    String[] lines = out.strip().split("\n");
    assertThat(lines).hasSize(messages.size());
    for (int i = 0; i < lines.length; i++) {
      assertSame(messages.get(i), JSON.readTree(lines[i]));
    }
  }

  @Test
  void cairnReadsWhatJsWrites() throws Exception {
    PeerId a = peer();
    PeerId b = peer();
    String out =
        JsReference.run(
            "kad-message.mjs", "encode", HEX.formatHex(a.bytes()), HEX.formatHex(b.bytes()));

    String[] lines = out.strip().split("\n");
    assertThat(lines).hasSize(3);
    for (String line : lines) {
      JsonNode js = JSON.readTree(line);
      KadCodec.Decoded d = KadCodec.decode(HEX.parseHex(js.get("hex").asText()));
      assertThat(d.misbehaved()).isFalse();
      assertSame(d.message(), js.get("message"));
      if (d.message().type() == KadMessage.Type.PUT_VALUE) {
        assertThat(d.message().record().key()).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
        assertThat(d.message().record().value()).isEqualTo("v".getBytes(StandardCharsets.UTF_8));
        assertThat(d.message().record().timeReceived()).isEqualTo("time");
      }
    }
  }
}
