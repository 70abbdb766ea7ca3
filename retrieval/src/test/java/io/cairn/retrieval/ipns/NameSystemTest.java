package io.cairn.retrieval.ipns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.retrieval.p2p.bitswap.BitswapOptions;
import io.cairn.retrieval.p2p.testing.CairnPeer;
import io.cairn.storage.PeerId;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NameSystemTest {
  private static final String A = "/ipfs/bafkqaaa";
  private static final String B = "/ipfs/bafkqaaib";
  private static final NameSystem.ResolveOptions FRESH =
      new NameSystem.ResolveOptions(false, 16, Duration.ofSeconds(30));

  @TempDir Path dir;

  /** A clock the test moves. */
  private static final class Clock implements InstantSource {
    volatile Instant now = Instant.parse("2026-06-01T12:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }
  }

  private Storage storage;

  @BeforeEach
  void open() {
    storage = Storages.open(StorageOptions.defaults(dir));
  }

  @AfterEach
  void close() {
    storage.close();
  }

  /** A name system without a DHT over this test's repo. */
  private NameSystem offline(InstantSource clock) {
    return new NameSystem(storage.table("ipns-published"), null, clock);
  }

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(60, TimeUnit.SECONDS); // a guard against a hang, not a timing assertion
  }

  private static NameSystem.PublishOptions offline() {
    return new NameSystem.PublishOptions(
        NameSystem.DEFAULT_LIFETIME, NameSystem.DEFAULT_TTL, null, true, true);
  }

  private static NameSystem.PublishOptions withSequence(long seq) {
    return new NameSystem.PublishOptions(
        NameSystem.DEFAULT_LIFETIME, NameSystem.DEFAULT_TTL, seq, true, true);
  }

  @Test
  void anOfflineNodePublishesOnlyWhenAllowedAndResolvesItsOwnRecords() throws Exception {
    Clock clock = new Clock();
    NameSystem names = offline(clock);
    Signer key = TestSigners.ed25519(1);
    assertThatThrownBy(() -> names.publish(key, A, NameSystem.PublishOptions.defaults()))
        .hasMessageContaining("can't publish while offline: pass `--allow-offline`");

    NameSystem.Publication p = await(names.publish(key, A, offline()));
    String name = IpnsRecord.formatName(p.name());
    assertThat(name).startsWith("k51");
    assertThat(p.record().sequence()).isZero();
    assertThat(p.record().validity()).isEqualTo(clock.now.plus(NameSystem.DEFAULT_LIFETIME));
    assertThat(await(names.resolve("/ipns/" + name + "/a/b", true, FRESH)).path())
        .isEqualTo(A + "/a/b");

    clock.now = clock.now.plus(Duration.ofHours(49)); // past its end of life
    assertThatThrownBy(() -> await(names.resolve("/ipns/" + name, true, FRESH)))
        .hasMessageContaining("could not resolve name " + name);
  }

  @Test
  void theSequenceNumberMovesOnlyWithTheValueOrWhenAskedForAHigherOne() throws Exception {
    NameSystem names = offline(new Clock());
    Signer key = TestSigners.ed25519(2);
    assertThat(await(names.publish(key, A, offline())).record().sequence()).isZero();
    assertThat(await(names.publish(key, A, offline())).record().sequence()).isZero();
    assertThat(await(names.publish(key, B, offline())).record().sequence()).isEqualTo(1);
    assertThat(await(names.publish(key, B, withSequence(7))).record().sequence()).isEqualTo(7);
    assertThatThrownBy(() -> await(names.publish(key, A, withSequence(7))))
        .hasMessageContaining("must be greater than the current 7");
    assertThatThrownBy(() -> await(names.publish(TestSigners.ed25519(3), A, withSequence(0))))
        .hasMessageContaining("at least 1");
  }

  @Test
  void theRepublisherIsDueAtHalfAShortLifetimeOrAfterItsInterval() throws Exception {
    Clock clock = new Clock();
    NameSystem names = offline(clock);
    Duration minute = Duration.ofMinutes(1);
    assertThat(names.republishDue(minute)).isEqualTo(clock.now.plus(NameSystem.REPUBLISH_INTERVAL));

    await(names.publish(TestSigners.ed25519(11), A, offline())); // 48 h: the interval comes first
    assertThat(names.republishDue(minute)).isEqualTo(clock.now.plus(NameSystem.REPUBLISH_INTERVAL));

    NameSystem.PublishOptions hour =
        new NameSystem.PublishOptions(Duration.ofHours(1), Duration.ofMinutes(1), null, true, true);
    await(names.publish(TestSigners.ed25519(12), A, hour));
    assertThat(names.republishDue(minute)).isEqualTo(clock.now.plus(Duration.ofMinutes(30)));

    clock.now = clock.now.plus(Duration.ofMinutes(45)); // past the half: as soon as allowed
    assertThat(names.republishDue(minute)).isEqualTo(clock.now.plus(minute));
  }

  @Test
  void concurrentPublicationsOfANameTakeSuccessiveSequenceNumbers() throws Exception {
    NameSystem names = offline(new Clock());
    Signer key = TestSigners.ed25519(10);
    List<CompletableFuture<NameSystem.Publication>> all = new java.util.ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
      List<java.util.concurrent.Future<CompletableFuture<NameSystem.Publication>>> started =
          new java.util.ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String value = A + "/" + i;
        started.add(pool.submit(() -> names.publish(key, value, offline())));
      }
      for (var f : started) {
        all.add(f.get());
      }
    }
    java.util.Set<Long> sequences = new java.util.TreeSet<>();
    for (var p : all) {
      sequences.add(await(p).record().sequence());
    }
    assertThat(sequences).hasSize(16).contains(0L, 15L);
  }

  @Test
  void namesResolveThroughOtherNamesOneStepOrAllTheWayWithTheShortestTtl() throws Exception {
    NameSystem names = offline(new Clock());
    Signer inner = TestSigners.ed25519(4);
    Signer outer = TestSigners.ed25519(5);
    PeerId innerName =
        await(
                names.publish(
                    inner,
                    A,
                    new NameSystem.PublishOptions(
                        Duration.ofHours(1), Duration.ofSeconds(30), null, true, true)))
            .name();
    String innerPath = "/ipns/" + IpnsRecord.formatName(innerName);
    PeerId outerName = await(names.publish(outer, innerPath + "/dir", offline())).name();
    String outerPath = "/ipns/" + IpnsRecord.formatName(outerName);

    NameSystem.Resolution all = await(names.resolve(outerPath + "/f", true, FRESH));
    assertThat(all.path()).isEqualTo(A + "/dir/f");
    assertThat(all.ttl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(await(names.resolve(outerPath + "/f", false, FRESH)).path())
        .isEqualTo(innerPath + "/dir/f");
    assertThat(await(names.resolve(A + "/x", true, FRESH)).path()).isEqualTo(A + "/x");
    assertThatThrownBy(() -> await(names.resolve("/ipns/not-a-key", true, FRESH)))
        .hasMessageContaining("not-a-key");
  }

  @Test
  void aRecordLoopStopsAtTheDepthLimit() throws Exception {
    NameSystem names = offline(new Clock());
    Signer key = TestSigners.ed25519(6);
    PeerId self = PeerId.fromPublicKey(key.publicKeyProtobuf());
    String path = "/ipns/" + IpnsRecord.formatName(self);
    await(names.publish(key, path, offline())); // points to itself
    assertThatThrownBy(() -> await(names.resolve(path, true, FRESH)))
        .hasMessageContaining("more than " + NameSystem.MAX_DEPTH + " names");
  }

  @Test
  void theCacheAnswersWhileTheTtlLastsAndRepublishingExtendsTheLife() throws Exception {
    Clock clock = new Clock();
    NameSystem names = offline(clock);
    Signer key = TestSigners.ed25519(7);
    PeerId name = await(names.publish(key, A, offline())).name();
    NameSystem.ResolveOptions cached = NameSystem.ResolveOptions.defaults();
    IpnsRecord first = await(names.record(name, cached));

    clock.now = clock.now.plus(Duration.ofHours(40));
    List<PeerId> done = await(names.republish(n -> Optional.of(key)));
    assertThat(done).isEmpty(); // offline: signed anew, put to no DHT
    IpnsRecord again = await(names.record(name, cached));
    assertThat(again.sequence()).isEqualTo(first.sequence());
    assertThat(again.validity()).isEqualTo(clock.now.plus(NameSystem.DEFAULT_LIFETIME));
    assertThat(again.value()).isEqualTo(A);
  }

  @Test
  void aNamePublishedOnOnePeerResolvesOnAPeerThatKnowsOnlyAThird(@TempDir Path more)
      throws Exception {
    try (CairnPeer b = CairnPeer.start(more.resolve("b"), 11, List.of(), BitswapOptions.DEFAULTS);
        CairnPeer a =
            CairnPeer.start(more.resolve("a"), 12, b.dialAddresses(), BitswapOptions.DEFAULTS);
        CairnPeer c =
            CairnPeer.start(more.resolve("c"), 13, b.dialAddresses(), BitswapOptions.DEFAULTS)) {
      await(a.dht().bootstrap());
      await(c.dht().bootstrap());
      NameSystem onA = new NameSystem(a.storage().table("ipns-published"), a.dht(), Instant::now);
      NameSystem onB = new NameSystem(b.storage().table("ipns-published"), b.dht(), Instant::now);
      NameSystem onC = new NameSystem(c.storage().table("ipns-published"), c.dht(), Instant::now);
      Signer key = TestSigners.ed25519(8);

      NameSystem.Publication p = await(onA.publish(key, B, NameSystem.PublishOptions.defaults()));
      assertThat(p.peers()).isEqualTo(2); // b and c, the only other peers

      String path = "/ipns/" + IpnsRecord.formatName(p.name());
      assertThat(await(onC.resolve(path, true, FRESH)).path()).isEqualTo(B);
      NameSystem.Publication next =
          await(onA.publish(key, A, NameSystem.PublishOptions.defaults()));
      assertThat(next.record().sequence()).isEqualTo(1);
      assertThat(await(onB.resolve(path, true, FRESH)).path()).isEqualTo(A);
      assertThat(await(onC.resolve(path, true, FRESH)).path()).isEqualTo(A);

      // A republishes: the same value and sequence, a later end of life, on b and c too.
      Thread.sleep(5); // so that the new end of life is later to the millisecond
      assertThat(await(onA.republish(n -> Optional.of(key)))).containsExactly(p.name());
      IpnsRecord onPeer =
          IpnsRecord.decode(b.dht().localValue(IpnsRecord.routingKey(p.name())).orElseThrow());
      assertThat(onPeer.sequence()).isEqualTo(1);
      assertThat(onPeer.value()).isEqualTo(A);
      assertThat(onPeer.validity()).isAfter(next.record().validity());
      assertThat(await(onA.republish(n -> Optional.empty()))).isEmpty(); // key no longer held
    }
  }

  @Test
  void anOnlineNodeWithNoPeersKeepsTheRecordButSaysNoPeerTookIt(@TempDir Path more)
      throws Exception {
    try (CairnPeer lonely =
        CairnPeer.start(more.resolve("l"), 21, List.of(), BitswapOptions.DEFAULTS)) {
      NameSystem names =
          new NameSystem(lonely.storage().table("ipns-published"), lonely.dht(), Instant::now);
      Signer key = TestSigners.ed25519(9);
      assertThatThrownBy(() -> await(names.publish(key, A, NameSystem.PublishOptions.defaults())))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("no DHT peer took the record");
      PeerId name = PeerId.fromPublicKey(key.publicKeyProtobuf());
      assertThat(await(names.record(name, FRESH)).value()).isEqualTo(A);
    }
  }
}
