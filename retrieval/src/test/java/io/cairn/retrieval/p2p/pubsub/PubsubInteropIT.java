package io.cairn.retrieval.p2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.retrieval.P2pNode;
import io.cairn.retrieval.p2p.testing.JsPeer;
import io.cairn.retrieval.p2p.testing.TestHosts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cairn's routers and js-libp2p ({@code interop/p2p-pubsub.mjs}) exchange signed messages both
 * ways: Cairn's floodsub with {@code @libp2p/gossipsub} (the former {@code
 * @chainsafe/libp2p-gossipsub}, which falls back to floodsub for a floodsub peer) and with {@code
 * @libp2p/floodsub}; Cairn's gossipsub with {@code @libp2p/gossipsub}, each side in the other's
 * mesh for the topic, and with {@code @libp2p/floodsub}.
 */
@Tag("p2p")
@Tag("interop")
class PubsubInteropIT {
  private static final String TOPIC = "cairn-interop";

  @ParameterizedTest(name = "js {0}, Cairn {1}")
  @CsvSource({
    "gossipsub, floodsub",
    "floodsub, floodsub",
    "gossipsub, gossipsub",
    "floodsub, gossipsub"
  })
  void messagesGoBothWaysBetweenJsLibp2pAndCairn(String router, String cairnRouter)
      throws Exception {
    boolean mesh = router.equals("gossipsub") && cairnRouter.equals("gossipsub");
    PubsubOptions options =
        cairnRouter.equals("gossipsub")
            ? PubsubOptions.DEFAULTS.withGossipsub(GossipsubOptions.DEFAULTS)
            : PubsubOptions.DEFAULTS;
    try (TestHosts hosts = TestHosts.start(1, n -> {});
        JsPeer js = JsPeer.start("p2p-pubsub.mjs", router)) {
      P2pNode cairn = hosts.get(0);
      Pubsub pubsub = new Pubsub(cairn.host(), Keys.signer(0), options);
      pubsub.start();
      try (Subscription sub = pubsub.subscribe(TOPIC)) {
        js.call("subscribe", Map.of("topic", TOPIC));
        cairn.host().connect(js.peerId(), js.addresses()).get(20, TimeUnit.SECONDS);

        // each side learns the other's subscription
        js.call("subscriber", Map.of("topic", TOPIC, "peer", cairn.peerId().toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!pubsub.peers(Optional.of(TOPIC)).contains(js.peerId())
            && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(pubsub.peers(Optional.of(TOPIC))).contains(js.peerId());
        if (mesh) {
          // js-libp2p grafts Cairn into its mesh, and Cairn has js-libp2p in its own
          JsonNode jsMesh =
              js.call("mesh", Map.of("topic", TOPIC, "peer", cairn.peerId().toString()))
                  .get("mesh");
          assertThat(jsMesh.toString()).contains(cairn.peerId().toString());
          while (!pubsub.meshPeers(TOPIC).contains(js.peerId()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
          }
          assertThat(pubsub.meshPeers(TOPIC)).containsExactly(js.peerId());
        } else {
          assertThat(pubsub.meshPeers(TOPIC)).isEmpty();
        }

        // js-libp2p to Cairn: signed by js, checked here
        js.call("publish", Map.of("topic", TOPIC, "data", "from js-libp2p " + router));
        PubsubMessage m = sub.next(Duration.ofSeconds(20));
        assertThat(m).as("the message js-libp2p published").isNotNull();
        assertThat(m.from()).isEqualTo(js.peerId());
        assertThat(new String(m.data(), StandardCharsets.UTF_8))
            .isEqualTo("from js-libp2p " + router);
        assertThat(m.topics()).containsExactly(TOPIC);
        assertThat(pubsub.stats().received()).isEqualTo(1);

        // Cairn to js-libp2p: signed here, checked there
        pubsub.publish(TOPIC, "from cairn".getBytes(StandardCharsets.UTF_8));
        JsonNode got = js.call("messages", Map.of("topic", TOPIC, "count", 1)).get("messages");
        assertThat(got).hasSize(1);
        assertThat(got.get(0).get("from").asText()).isEqualTo(cairn.peerId().toString());
        assertThat(got.get(0).get("data").asText()).isEqualTo("from cairn");
        assertThat(got.get(0).get("signed").asBoolean()).isTrue();
        if (mesh) {
          assertThat(pubsub.meshPeers(TOPIC)).containsExactly(js.peerId());
          assertThat(pubsub.stats().mesh()).containsEntry(TOPIC, 1);
        }

        assertThat(pubsub.stats().dropped())
            .doesNotContainKeys(
                PubsubStats.BAD_SIGNATURE, PubsubStats.UNSIGNED, PubsubStats.INVALID);
        assertThat(pubsub.stats().peersDropped()).isZero();
      } finally {
        pubsub.stop();
      }
    }
  }
}
