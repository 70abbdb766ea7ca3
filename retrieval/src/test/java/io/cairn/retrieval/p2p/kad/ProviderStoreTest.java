package io.cairn.retrieval.p2p.kad;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.HashFunction;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.Multihash;
import io.cairn.storage.PeerId;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import io.cairn.storage.codec.KeyProtobuf;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderStoreTest {
  @TempDir Path dir;
  private final Random random = new Random(3);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

  private PeerId peer() {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return PeerId.fromPublicKey(KeyProtobuf.encode(KeyProtobuf.ED25519, key));
  }

  private static long rows(Storage s) {
    try (Stream<?> rows = s.table("dht-providers").scan(new byte[0])) {
      return rows.count();
    }
  }

  @Test
  void recordsLast48HoursThenAreSweptAway() {
    Multihash mh = HashFunction.SHA2_256.multihash(new byte[] {1});
    Multihash other = HashFunction.SHA2_256.multihash(new byte[] {2});
    PeerId a = peer();
    PeerId b = peer();
    Multiaddr addr = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");
    try (Storage s = Storages.open(StorageOptions.defaults(dir))) {
      ProviderStore store = new ProviderStore(s.table("dht-providers"), clock);
      store.add(mh, a, List.of(addr));
      clock.advance(Duration.ofHours(10));
      store.add(mh, b, List.of());
      store.add(other, b, List.of());

      clock.advance(Duration.ofHours(38).minusSeconds(1));
      assertThat(store.get(mh, 10))
          .extracting(ProviderStore.Provider::peer)
          .containsExactlyInAnyOrder(a, b);
      assertThat(store.get(mh, 10))
          .filteredOn(p -> p.peer().equals(a))
          .singleElement()
          .satisfies(p -> assertThat(p.addrs()).containsExactly(addr));

      clock.advance(Duration.ofSeconds(1)); // a's record is now 48 h old
      assertThat(store.get(mh, 10)).extracting(ProviderStore.Provider::peer).containsExactly(b);
      assertThat(store.sweep()).isEqualTo(1);
      assertThat(rows(s)).isEqualTo(2);

      clock.advance(Duration.ofHours(10));
      assertThat(store.sweep()).isEqualTo(2);
      assertThat(store.get(mh, 10)).isEmpty();
      assertThat(rows(s)).isZero();
    }
  }

  @Test
  void recordsSurviveARestart() {
    Multihash mh = HashFunction.SHA2_256.multihash(new byte[] {9});
    PeerId a = peer();
    try (Storage s = Storages.open(StorageOptions.defaults(dir))) {
      new ProviderStore(s.table("dht-providers"), clock).add(mh, a, List.of());
    }
    try (Storage s = Storages.open(StorageOptions.defaults(dir))) {
      assertThat(new ProviderStore(s.table("dht-providers"), clock).get(mh, 10))
          .extracting(ProviderStore.Provider::peer)
          .containsExactly(a);
    }
  }

  @Test
  void providersOfOneKeyNeverShowUnderAnother() {
    try (Storage s = Storages.open(StorageOptions.defaults(dir))) {
      ProviderStore store = new ProviderStore(s.table("dht-providers"), clock);
      Multihash sha = HashFunction.SHA2_256.multihash(new byte[] {5});
      Multihash identity = Multihash.of(HashFunction.IDENTITY.code(), new byte[] {5});
      store.add(sha, peer(), List.of());
      assertThat(store.get(identity, 10)).isEmpty();
      assertThat(store.get(sha, 10)).hasSize(1);
    }
  }

  @Test
  void aFullStoreRefusesNewRecordsButRefreshesHeldOnes() {
    Multihash mh = HashFunction.SHA2_256.multihash(new byte[] {4});
    PeerId a = peer();
    PeerId b = peer();
    PeerId c = peer();
    try (Storage s = Storages.open(StorageOptions.defaults(dir))) {
      ProviderStore store = new ProviderStore(s.table("dht-providers"), clock, 2);
      assertThat(store.add(mh, a, List.of())).isTrue();
      clock.advance(Duration.ofHours(47));
      assertThat(store.add(mh, b, List.of())).isTrue();
      assertThat(store.add(mh, c, List.of())).isFalse();
      assertThat(store.add(mh, b, List.of())).isTrue();
      assertThat(store.size()).isEqualTo(2);

      clock.advance(Duration.ofHours(2)); // a's record expires and is swept: room for c
      assertThat(store.sweep()).isEqualTo(1);
      assertThat(store.add(mh, c, List.of())).isTrue();
      assertThat(store.get(mh, 10))
          .extracting(ProviderStore.Provider::peer)
          .containsExactlyInAnyOrder(b, c);
    }
  }

  @Test
  void oneProviderAndOneKeyHoldAtMostTheirShare() {
    Multihash k1 = HashFunction.SHA2_256.multihash(new byte[] {1});
    Multihash k2 = HashFunction.SHA2_256.multihash(new byte[] {2});
    Multihash k3 = HashFunction.SHA2_256.multihash(new byte[] {3});
    PeerId a = peer();
    PeerId b = peer();
    PeerId c = peer();
    try (Storage s = Storages.open(StorageOptions.defaults(dir))) {
      ProviderStore store = new ProviderStore(s.table("dht-providers"), clock, 100, 2, 2);
      assertThat(store.add(k1, a, List.of())).isTrue();
      assertThat(store.add(k2, a, List.of())).isTrue();
      assertThat(store.add(k3, a, List.of())).isFalse(); // a holds its 2 records
      assertThat(store.add(k1, a, List.of())).isTrue(); // a refresh is not a new record
      assertThat(store.add(k1, b, List.of())).isTrue();
      assertThat(store.add(k1, c, List.of())).isFalse(); // k1 has its 2 providers
      assertThat(store.add(k2, c, List.of())).isTrue();
      assertThat(store.size()).isEqualTo(4);
      // counted again after a restart
      ProviderStore again = new ProviderStore(s.table("dht-providers"), clock, 100, 2, 2);
      assertThat(again.add(k3, a, List.of())).isFalse();
      assertThat(again.add(k3, b, List.of())).isTrue();
    }
  }
}
