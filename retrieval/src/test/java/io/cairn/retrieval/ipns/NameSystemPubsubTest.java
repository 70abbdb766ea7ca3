package io.cairn.retrieval.ipns;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.p2p.fetch.Fetch;
import io.cairn.retrieval.p2p.fetch.FetchOptions;
import io.cairn.retrieval.p2p.pubsub.Pubsub;
import io.cairn.retrieval.p2p.pubsub.PubsubOptions;
import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.PeerId;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The name system with IPNS over pubsub and no DHT, between two real hosts. */
class NameSystemPubsubTest {
  @TempDir Path dir;

  private static NameSystem names(TestHosts hosts, int i, Storage storage) {
    Pubsub ps =
        new Pubsub(
            hosts.get(i).host(), TestSigners.ed25519(TestHosts.seed(i)), PubsubOptions.DEFAULTS);
    ps.start();
    IpnsPubsub pubsub =
        new IpnsPubsub(
            ps,
            Fetch.install(hosts.get(i).host(), FetchOptions.DEFAULTS),
            InstantSource.system(),
            IpnsPubsub.Options.DEFAULTS);
    return new NameSystem(
        storage.table("ipns-" + i), null, pubsub, InstantSource.system(), DnsLink.system());
  }

  @Test
  void aNamePublishedOverPubsubResolvesAndANewerRecordReplacesTheCachedOne() throws Exception {
    try (TestHosts hosts = TestHosts.start(2, n -> {});
        Storage storage = Storages.open(StorageOptions.defaults(dir))) {
      NameSystem a = names(hosts, 0, storage);
      NameSystem b = names(hosts, 1, storage);
      hosts.connect(1, 0);
      Signer key = TestSigners.ed25519(7);
      PeerId name = PeerId.fromPublicKey(key.publicKeyProtobuf());
      NameSystem.PublishOptions offline =
          new NameSystem.PublishOptions(
              NameSystem.DEFAULT_LIFETIME, NameSystem.DEFAULT_TTL, null, true, true);
      a.publish(key, "/ipfs/bafkqaaa", offline).get(10, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (b.record(name).handle((r, e) -> r).get(10, TimeUnit.SECONDS) == null) {
        // until B hears of A's subscription to the topic, B finds no peer to fetch from
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(50);
      }
      assertThat(b.resolve("/ipns/" + name.toBase36()).get(10, TimeUnit.SECONDS).path())
          .isEqualTo("/ipfs/bafkqaaa");

      a.publish(key, "/ipfs/bafkqaaib", offline).get(10, TimeUnit.SECONDS);
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      String path = "";
      while (!path.equals("/ipfs/bafkqaaib") && System.nanoTime() < deadline) {
        // the cache (5 min TTL) would answer the old path: the pubsub message must replace it
        path = b.resolve("/ipns/" + name.toBase36()).get(10, TimeUnit.SECONDS).path();
        Thread.sleep(50);
      }
      assertThat(path).isEqualTo("/ipfs/bafkqaaib");
      assertThat(b.stats().cacheHits()).isPositive();
      assertThat(b.pubsub().orElseThrow().subscriptions()).containsExactly(name);
    }
  }
}
