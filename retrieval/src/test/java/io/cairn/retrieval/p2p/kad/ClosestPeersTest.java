package io.cairn.retrieval.p2p.kad;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.PeerId;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Kademlia#closestPeers}: go-libp2p-kad-dht's GetClosestPeers and its query events. */
class ClosestPeersTest {
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

  /** Each step a listener hears, as text: "sending ID", "answered ID 3", "failed ID why". */
  private static final class Steps implements QueryListener {
    final List<String> steps = new CopyOnWriteArrayList<>();

    @Override
    public void dialing(PeerId peer) {
      steps.add("dialing " + peer);
    }

    @Override
    public void sending(PeerId peer) {
      steps.add("sending " + peer);
    }

    @Override
    public void answered(PeerId peer, List<Kademlia.PeerInfo> closer) {
      steps.add("answered " + peer + " " + closer.size());
    }

    @Override
    public void failed(PeerId peer, String reason) {
      steps.add("failed " + peer + " " + reason);
    }
  }

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(60, TimeUnit.SECONDS); // a guard against a hang, not a timing assertion
  }

  @Test
  void findsTheKClosestPeersOfAPeerIdAndTellsEachQuery() throws Exception {
    net.grow(30);
    KadTestNet.Node asker = net.nodes.get(29);
    PeerId wanted = net.nodes.get(3).host().self();
    KadKey target = KadKey.of(wanted.bytes());
    List<PeerId> everyone = new ArrayList<>();
    net.nodes.forEach(n -> everyone.add(n.host().self()));
    everyone.remove(asker.host().self());
    everyone.sort(Comparator.comparing(KadKey::of, target::compareDistance));
    Steps steps = new Steps();

    List<PeerId> found = await(asker.dht().closestPeers(wanted.bytes(), steps));

    assertThat(found).containsExactlyElementsOf(everyone.subList(0, RoutingTable.K));
    for (PeerId p : found) {
      int sent = steps.steps.indexOf("sending " + p);
      assertThat(sent).as("query of %s", p).isNotNegative();
      assertThat(steps.steps.stream().filter(s -> s.startsWith("answered " + p + " ")))
          .hasSize(1)
          .allSatisfy(s -> assertThat(steps.steps.indexOf(s)).isGreaterThan(sent));
    }
    assertThat(steps.steps).noneMatch(s -> s.startsWith("failed "));
  }

  @Test
  void aPeerThatIsGoneIsAFailedQueryAndLeftOut() throws Exception {
    net.grow(6);
    KadTestNet.Node asker = net.nodes.get(5);
    KadTestNet.Node gone = net.nodes.get(2);
    gone.host().unreachable();
    Steps steps = new Steps();

    List<PeerId> found = await(asker.dht().closestPeers(gone.host().self().bytes(), steps));

    assertThat(found).hasSize(4).doesNotContain(gone.host().self(), asker.host().self());
    assertThat(steps.steps).anyMatch(s -> s.startsWith("failed " + gone.host().self() + " "));
  }

  @Test
  void aCancelledLookupQueriesNoFurtherPeerAndTellsNothingMore() throws Exception {
    net.grow(12);
    KadTestNet.Node asker = net.nodes.get(11);
    net.nodes.subList(0, 11).forEach(n -> n.host().silent());
    Steps steps = new Steps();

    CompletableFuture<List<PeerId>> lookup = asker.dht().closestPeers(new byte[] {1, 2, 3}, steps);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (steps.steps.stream().filter(s -> s.startsWith("sending ")).count() < 3) {
      assertThat(System.nanoTime()).as("the first queries go out").isLessThan(end);
      Thread.sleep(10);
    }
    lookup.cancel(true);
    List<String> told = List.copyOf(steps.steps);
    long queries = asker.dht().queryCounts(Kademlia.Dht.WAN).queries();
    // The three queries in flight (alpha) would time out after the 2 s query time-out, be told as
    // failures, and a lookup that went on would then query three more peers.
    Thread.sleep(2_500);

    assertThat(steps.steps).as("steps told after the cancel").isEqualTo(told);
    assertThat(told.stream().filter(s -> s.startsWith("sending "))).hasSize(3);
    assertThat(asker.dht().queryCounts(Kademlia.Dht.WAN).queries()).isEqualTo(queries);
    assertThat(asker.dht().queryCounts(Kademlia.Dht.WAN).running()).isZero();
    assertThat(lookup).isCancelled();
  }
}
