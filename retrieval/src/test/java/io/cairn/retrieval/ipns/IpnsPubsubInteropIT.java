package io.cairn.retrieval.ipns;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.P2pNode;
import io.cairn.retrieval.p2p.fetch.Fetch;
import io.cairn.retrieval.p2p.fetch.FetchOptions;
import io.cairn.retrieval.p2p.pubsub.Pubsub;
import io.cairn.retrieval.p2p.pubsub.PubsubOptions;
import io.cairn.retrieval.p2p.testing.JsPeer;
import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.PeerId;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IPNS over pubsub between Cairn and Helia ({@code interop/ipns-pubsub.mjs}: {@code @helia/ipns}
 * with its pubsub routing, {@code @libp2p/floodsub} and {@code @libp2p/fetch}): each resolves the
 * other's name, first through fetch from a topic peer, then a newer record through the pubsub
 * message; and Cairn, following a name before it meets Helia, fetches Helia's record when Helia's
 * subscription to the topic reaches it.
 */
@Tag("p2p")
@Tag("interop")
class IpnsPubsubInteropIT {
  private static final String V1 = "/ipfs/bafkqaaa";
  private static final String V2 = "/ipfs/bafkqaaib";

  @TempDir Path dir;

  private static void await(java.util.function.BooleanSupplier done, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  /** The value Cairn resolves {@code name} to, or null when it finds no record. */
  private static String resolve(NameSystem names, PeerId name) throws Exception {
    NameSystem.ResolveOptions fresh =
        new NameSystem.ResolveOptions(false, 1, java.time.Duration.ofSeconds(10));
    return names
        .record(name, fresh)
        .handle((r, e) -> r == null ? null : r.value())
        .get(20, TimeUnit.SECONDS);
  }

  /** A started pubsub router and IPNS over it, with the fetch protocol, as the daemon runs them. */
  private record Routing(Pubsub ps, IpnsPubsub ipns) {}

  private static Routing ipnsPubsub(P2pNode cairn) {
    Pubsub ps =
        new Pubsub(cairn.host(), TestSigners.ed25519(TestHosts.seed(0)), PubsubOptions.DEFAULTS);
    ps.start();
    return new Routing(
        ps,
        new IpnsPubsub(
            ps,
            Fetch.install(cairn.host(), FetchOptions.DEFAULTS),
            InstantSource.system(),
            IpnsPubsub.Options.DEFAULTS));
  }

  @Test
  void heliaAndCairnResolveEachOthersNamesOverPubsub() throws Exception {
    try (TestHosts hosts = TestHosts.start(1, n -> {});
        Storage storage = Storages.open(StorageOptions.defaults(dir));
        JsPeer helia = JsPeer.start("ipns-pubsub.mjs")) {
      P2pNode cairn = hosts.get(0);
      Routing routing = ipnsPubsub(cairn);
      Pubsub ps = routing.ps();
      IpnsPubsub pubsub = routing.ipns();
      NameSystem names =
          new NameSystem(
              storage.table("ipns"), null, pubsub, InstantSource.system(), DnsLink.system());
      cairn.host().connect(helia.peerId(), helia.addresses()).get(20, TimeUnit.SECONDS);

      // Helia publishes, then follows its own name's topic (its pubsub routing's get)
      PeerId heliaName =
          IpnsRecord.parseName(
              helia
                  .call("publish", Map.of("key", "k1", "value", V1))
                  .get("name")
                  .asText()
                  .substring("/ipns/".length()));
      assertThat(helia.call("resolve", Map.of("name", heliaName.toString())).get("value").asText())
          .isEqualTo(V1);
      String heliaTopic = IpnsPubsub.topic(heliaName);
      await(() -> ps.peers(Optional.of(heliaTopic)).contains(helia.peerId()), "Helia on its topic");

      // Cairn fetches the record from Helia (@libp2p/fetch answers), validated here
      assertThat(resolve(names, heliaName)).isEqualTo(V1);
      helia.call("subscriber", Map.of("topic", heliaTopic, "peer", cairn.peerId().toString()));
      // Helia's next record reaches Cairn as a pubsub message
      assertThat(helia.call("publish", Map.of("key", "k1", "value", V2)).get("sequence").asText())
          .isEqualTo("2");
      await(
          () -> V2.equals(pubsub.get(heliaName).join().map(IpnsRecord::value).orElse(null)),
          "V2 at Cairn");
      assertThat(resolve(names, heliaName)).isEqualTo(V2);

      // Cairn publishes: Helia fetches the record from Cairn (its topic peer) through fetch
      Signer key = TestSigners.ed25519(9);
      PeerId cairnName = PeerId.fromPublicKey(key.publicKeyProtobuf());
      NameSystem.PublishOptions offline =
          new NameSystem.PublishOptions(
              NameSystem.DEFAULT_LIFETIME, NameSystem.DEFAULT_TTL, null, true, true);
      names.publish(key, V1, offline).get(20, TimeUnit.SECONDS);
      String cairnTopic = IpnsPubsub.topic(cairnName);
      helia.call("subscriber", Map.of("topic", cairnTopic, "peer", cairn.peerId().toString()));
      assertThat(helia.call("resolve", Map.of("name", cairnName.toString())).get("value").asText())
          .isEqualTo(V1);
      // Cairn's next record reaches Helia as a pubsub message
      await(
          () -> ps.peers(Optional.of(cairnTopic)).contains(helia.peerId()),
          "Helia on Cairn's topic");
      names.publish(key, V2, offline).get(20, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      String atHelia = "";
      while (!V2.equals(atHelia) && System.nanoTime() < deadline) {
        Thread.sleep(200);
        atHelia =
            helia.call("resolve", Map.of("name", cairnName.toString())).path("value").asText();
      }
      assertThat(atHelia).isEqualTo(V2);
      ps.stop();
    }
  }

  /**
   * Cairn follows Helia's name before the two meet; Helia publishes alone and follows its topic:
   * once connected, Helia's subscription reaches Cairn, which fetches the record from Helia, with
   * no new publish (Cairn receives no message).
   */
  @Test
  void cairnFetchesFromHeliaWhenHeliaJoinsAFollowedTopic() throws Exception {
    try (TestHosts hosts = TestHosts.start(1, n -> {});
        JsPeer helia = JsPeer.start("ipns-pubsub.mjs")) {
      P2pNode cairn = hosts.get(0);
      Routing routing = ipnsPubsub(cairn);
      Pubsub ps = routing.ps();
      IpnsPubsub pubsub = routing.ipns();
      PeerId heliaName =
          IpnsRecord.parseName(
              helia
                  .call("publish", Map.of("key", "k2", "value", V1))
                  .get("name")
                  .asText()
                  .substring("/ipns/".length()));
      assertThat(helia.call("resolve", Map.of("name", heliaName.toString())).get("value").asText())
          .isEqualTo(V1);
      assertThat(pubsub.get(heliaName).get(10, TimeUnit.SECONDS)).isEmpty();

      cairn.host().connect(helia.peerId(), helia.addresses()).get(20, TimeUnit.SECONDS);
      // held() does not fetch, as get() would while nothing is held
      await(() -> pubsub.held(heliaName).isPresent(), "Helia's record at Cairn");
      assertThat(pubsub.get(heliaName).join().map(IpnsRecord::value)).contains(V1);
      assertThat(ps.stats().received()).isZero();
      ps.stop();
    }
  }
}
