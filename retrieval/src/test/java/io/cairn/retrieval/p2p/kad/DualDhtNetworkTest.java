package io.cairn.retrieval.p2p.kad;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.HashFunction;
import io.cairn.storage.Multihash;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WAN and LAN DHTs side by side on networks of in-process nodes. */
class DualDhtNetworkTest {
  private static final int NODES = 8;

  @TempDir Path dir;
  private Storage storage;
  private MemoryNetwork network;
  private final List<Kademlia> dhts = new ArrayList<>();
  private final List<MemoryNetwork.MemoryHost> hosts = new ArrayList<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @BeforeEach
  void open() {
    storage = Storages.open(StorageOptions.defaults(dir));
    network = new MemoryNetwork(7);
  }

  @AfterEach
  void close() {
    dhts.forEach(Kademlia::stop);
    network.close();
    storage.close();
  }

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(60, TimeUnit.SECONDS); // a guard against a hang, not a timing assertion
  }

  private static Multihash content(String text) {
    return HashFunction.SHA2_256.multihash(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code NODES} dual-DHT nodes on {@code ipPrefix + i}, each connected to the first (the LAN DHT
   * has no bootstrap peers: its peers come from connections), then each bootstrapped.
   */
  private void grow(String ipPrefix, boolean loopbackOnLan) throws Exception {
    for (int i = 0; i < NODES; i++) {
      String ip = ipPrefix.equals("127.0.0.") ? "127.0.0.1" : ipPrefix + (i + 1);
      MemoryNetwork.MemoryHost h = network.newHost(ip);
      int n = i;
      KadOptions options =
          new KadOptions(List.of(), 3, Duration.ofSeconds(2), 2, Duration.ofHours(22), true)
              .withLoopbackOnLan(loopbackOnLan);
      hosts.add(h);
      dhts.add(new Kademlia(h, name -> storage.table(name + "-" + n), options, clock, true));
      if (i > 0) {
        await(h.connect(hosts.get(0).self(), List.of(hosts.get(0).address())));
      }
    }
    for (Kademlia d : dhts) {
      await(d.bootstrap());
    }
  }

  @Test
  void onAPrivateNetworkContentIsFoundThroughTheLanDht() throws Exception {
    grow("10.0.0.", false);
    for (int i = 0; i < NODES; i++) {
      assertThat(dhts.get(i).isServer(Kademlia.Dht.LAN)).isTrue();
      assertThat(dhts.get(i).routingTable(Kademlia.Dht.WAN)).as("WAN table of " + i).isEmpty();
      assertThat(dhts.get(i).routingTable(Kademlia.Dht.LAN)).as("LAN table of " + i).isNotEmpty();
    }
    assertThat(hosts.get(0).protocols()).contains(Kademlia.LAN_PROTOCOL_ID);

    Multihash mh = content("shared on the LAN");
    assertThat(await(dhts.get(3).provide(List.of(mh)))).isPositive();

    List<Kademlia.PeerInfo> found = await(dhts.get(NODES - 1).findProviders(mh, 5));
    assertThat(found).extracting(Kademlia.PeerInfo::peer).containsExactly(hosts.get(3).self());
    assertThat(found.get(0).addresses()).contains(hosts.get(3).address());
    Kademlia.PeerInfo located = await(dhts.get(NODES - 1).findPeer(hosts.get(5).self())).get();
    assertThat(located.addresses()).contains(hosts.get(5).address());
  }

  @Test
  void onAPublicNetworkTheLanDhtStaysEmpty() throws Exception {
    grow("1.2.3.", false);
    for (int i = 0; i < NODES; i++) {
      assertThat(dhts.get(i).isServer(Kademlia.Dht.LAN)).isFalse();
      assertThat(dhts.get(i).routingTable(Kademlia.Dht.LAN)).isEmpty();
      assertThat(dhts.get(i).routingTable(Kademlia.Dht.WAN)).isNotEmpty();
    }
    assertThat(hosts.get(0).protocols()).doesNotContain(Kademlia.LAN_PROTOCOL_ID);
    Multihash mh = content("shared on the internet");
    await(dhts.get(2).provide(List.of(mh)));
    assertThat(await(dhts.get(6).findProviders(mh, 5)))
        .extracting(Kademlia.PeerInfo::peer)
        .containsExactly(hosts.get(2).self());
  }

  @Test
  void onLoopbackTheLanDhtServesOnlyWhenLoopbackAddressesAreAllowed() throws Exception {
    grow("127.0.0.", false);
    for (Kademlia d : dhts) {
      assertThat(d.isServer(Kademlia.Dht.LAN)).isFalse();
      assertThat(d.routingTable(Kademlia.Dht.LAN)).isEmpty();
      assertThat(d.routingTable(Kademlia.Dht.WAN)).isNotEmpty(); // the WAN DHT as before
    }
  }

  @Test
  void withLoopbackAddressesOnTheLanDhtNodesOnOneMachineUseIt() throws Exception {
    grow("127.0.0.", true);
    for (Kademlia d : dhts) {
      assertThat(d.isServer(Kademlia.Dht.LAN)).isTrue();
      assertThat(d.routingTable(Kademlia.Dht.LAN)).isNotEmpty();
    }
    Multihash mh = content("shared on one machine");
    await(dhts.get(1).provide(List.of(mh)));
    int lanRecords = 0;
    for (Kademlia d : dhts) {
      lanRecords += d.dht(Kademlia.Dht.LAN).localProviders(mh, 5).size();
    }
    assertThat(lanRecords).as("records of the LAN DHT").isPositive();
    assertThat(await(dhts.get(NODES - 1).findProviders(mh, 1)))
        .extracting(Kademlia.PeerInfo::peer)
        .containsExactly(hosts.get(1).self());
  }

  /**
   * A lookup whose caller went away (its future cancelled) stops on both DHTs at once: no query is
   * sent after the cancel, none is left running, and the streams of the queries in flight close.
   */
  @Test
  void aCancelledLookupStopsOnBothDhts() throws Exception {
    grow("127.0.0.", true);
    Kademlia asker = dhts.get(NODES - 1);
    hosts.subList(0, NODES - 1).forEach(MemoryNetwork.MemoryHost::silent);
    MemoryNetwork.MemoryHost stranger = network.newHost("127.0.0.1");
    List<java.util.function.Supplier<CompletableFuture<?>>> lookups =
        List.of(
            () -> asker.findProviders(content("wanted"), 5, p -> {}),
            () -> asker.findPeer(stranger.self()),
            () -> asker.getValue(("/pk/" + stranger.self()).getBytes(StandardCharsets.UTF_8), 3),
            () -> asker.closestPeers(new byte[] {1, 2, 3}, QueryListener.NONE));
    for (var start : lookups) {
      long before = queries(asker);
      CompletableFuture<?> lookup = start.get();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (queries(asker) - before < 3) { // the first queries went out: the lookup runs
        assertThat(System.nanoTime()).as("queries sent").isLessThan(end);
        Thread.sleep(10);
      }
      lookup.cancel(true);
      long cancelled = System.nanoTime();
      assertThat(running(asker)).as("lookups running once cancelled").isZero();
      long sent = queries(asker);
      // the streams of the queries in flight close at once, not at their 2 s time-out
      while (openStreams(hosts.get(NODES - 1)) > 0
          && System.nanoTime() - cancelled < TimeUnit.MILLISECONDS.toNanos(1_500)) {
        Thread.sleep(10);
      }
      assertThat(openStreams(hosts.get(NODES - 1))).as("streams left open").isZero();
      // the queries in flight would have timed out after 2 s and the lookups gone on to more peers
      Thread.sleep(2_500);
      assertThat(queries(asker)).as("queries sent after the cancel").isEqualTo(sent);
    }
  }

  private static int openStreams(MemoryNetwork.MemoryHost host) {
    int open = 0;
    for (var c : host.connections()) {
      open += c.streamCount();
    }
    return open;
  }

  private static long queries(Kademlia dht) {
    return dht.queryCounts(Kademlia.Dht.WAN).queries()
        + dht.queryCounts(Kademlia.Dht.LAN).queries();
  }

  private static long running(Kademlia dht) {
    return dht.queryCounts(Kademlia.Dht.WAN).running()
        + dht.queryCounts(Kademlia.Dht.LAN).running();
  }
}
