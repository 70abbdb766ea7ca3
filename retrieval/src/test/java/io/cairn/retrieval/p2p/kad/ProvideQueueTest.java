package io.cairn.retrieval.p2p.kad;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.HashFunction;
import io.cairn.storage.Multihash;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provide queue (first and one-off announcements), its clearing, and the provide stats. */
class ProvideQueueTest {
  private static final int NODES = 20;

  @TempDir Path dir;
  private Storage storage;
  private KadTestNet net;

  @BeforeEach
  void open() {
    storage = Storages.open(StorageOptions.defaults(dir));
    net = new KadTestNet(7, storage, new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));
  }

  @AfterEach
  void close() {
    net.close();
    storage.close();
  }

  private static Multihash content(String text) {
    return HashFunction.SHA2_256.multihash(text.getBytes(StandardCharsets.UTF_8));
  }

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(60, TimeUnit.SECONDS); // a guard against a hang, not a timing assertion
  }

  @Test
  void provideOnceAnnouncesWithoutSchedulingAndCountsTheWork() throws Exception {
    net.grow(NODES);
    KadTestNet.Node a = net.nodes.get(3);
    Multihash mh = content("once");
    ProvideStats before = a.dht().provideStats();
    assertThat(before.connectivity()).isEqualTo("online");
    assertThat(before.past().keysProvided()).isZero();

    assertThat(a.dht().provideOnce(List.of(mh, mh))).containsExactly(mh);
    assertThat(a.dht().provideStats().queues().pendingKeys()).isEqualTo(1);
    assertThat(a.dht().provideStats().queues().pendingRegions()).isEqualTo(1);
    assertThat(await(a.dht().provideQueued())).isPositive();

    ProvideStats after = a.dht().provideStats();
    assertThat(after.queues().pendingKeys()).isZero();
    assertThat(after.schedule().keys()).isZero();
    assertThat(after.past().keysProvided()).isEqualTo(1);
    assertThat(after.past().records()).isPositive();
    assertThat(after.past().keysProvidedPerMinute()).isPositive();
    assertThat(after.network().avgHolders()).isPositive();
    assertThat(after.ongoing().keyProvides()).isZero();
    assertThat(a.dht().reprovideStatus().keys()).isZero();

    KadTestNet.Node c = net.nodes.get(NODES - 1);
    List<Kademlia.PeerInfo> found = await(c.dht().findProviders(mh, 1, p -> {}));
    assertThat(found).extracting(Kademlia.PeerInfo::peer).containsExactly(a.host().self());
  }

  @Test
  void withoutPeersTheQueueWaitsAndClearEmptiesIt() throws Exception {
    KadTestNet.Node lone = net.add(List.of(), 2);
    lone.dht().queueProvide(List.of(content("a"), content("b"), content("c")));
    lone.dht().provideOnce(List.of(content("d")));
    Thread.sleep(Kademlia.QUEUE_DELAY.toMillis() + 300);
    assertThat(await(lone.dht().provideQueued())).isZero();

    ProvideStats s = lone.dht().provideStats();
    assertThat(s.connectivity()).isEqualTo("offline");
    assertThat(s.queues().pendingKeys()).isEqualTo(4);
    assertThat(s.queues().pendingRegions()).isBetween(1L, 4L);
    assertThat(s.schedule().keys()).isEqualTo(3);
    assertThat(s.schedule().regions()).isBetween(1L, 3L);
    assertThat(s.schedule().prefixLength()).isEqualTo(2);
    assertThat(s.schedule().nextPrefix()).isEqualTo("00");
    assertThat(s.network().replicationFactor()).isEqualTo(RoutingTable.K);

    assertThat(lone.dht().clearProvideQueue()).isEqualTo(4);
    assertThat(lone.dht().provideStats().queues().pendingKeys()).isZero();
    assertThat(lone.dht().queuedRegions()).isZero();
    assertThat(lone.dht().clearProvideQueue()).isZero();
    // the scheduled keys stay for the sweep
    assertThat(lone.dht().provideStats().schedule().keys()).isEqualTo(3);
  }

  @Test
  void reprovidesFillTheLastCycle() throws Exception {
    net.grow(NODES);
    KadTestNet.Node a = net.nodes.get(5);
    for (int i = 0; i < 20; i++) {
      a.dht().queueProvide(List.of(content("sweep " + i)));
    }
    for (int r = 0; r < 4; r++) {
      await(a.dht().reprovideNextRegion());
    }
    ProvideStats s = a.dht().provideStats();
    assertThat(s.past().regionsReprovidedLastCycle()).isEqualTo(s.schedule().regions());
    assertThat(s.past().avgKeysPerReprovide()).isPositive();
    assertThat(s.past().regionReprovideDuration()).isPositive();
    assertThat(s.network().peers()).isPositive();
    assertThat(s.network().reachable()).isPositive().isLessThanOrEqualTo(s.network().peers());
    assertThat(s.network().completeKeyspaceCoverage()).isTrue();
    assertThat(s.queues().pendingRegionReprovides()).isZero();
  }
}
