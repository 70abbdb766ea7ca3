package io.cairn.retrieval.p2p.kad;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.HashFunction;
import io.cairn.storage.Multihash;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reprovide sweep: one lookup and one range scan per region, a schedule that survives restarts.
 */
class SweepReproviderTest {
  private static final int REGION_BITS = 2;

  @TempDir Path dir;
  private Storage storage;
  private KadTestNet net;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
  private CountingTable keysTable;

  @BeforeEach
  void open() {
    storage = Storages.open(StorageOptions.defaults(dir));
    net = new KadTestNet(99, storage, clock);
    net.grow(30);
    keysTable = new CountingTable(storage.table("provider-keys"));
  }

  @AfterEach
  void close() {
    net.close();
    storage.close();
  }

  private Kademlia provider(MemoryNetwork.MemoryHost host) {
    return new Kademlia(
        host,
        storage.table("provider-records"),
        keysTable,
        storage.table("provider-schedule"),
        storage.table("values"),
        // The provider's queries get the default time-out, not the test net's 2 s: a stream of
        // hundreds of ADD_PROVIDER messages followed by its PING can take longer than 2 s on a
        // loaded two-core machine, and the test counts every record delivered.
        new KadOptions(
            List.of(net.nodes.get(0).host().p2pAddress()),
            KadOptions.DEFAULT_ALPHA,
            KadOptions.DEFAULT_QUERY_TIMEOUT,
            REGION_BITS,
            KadOptions.DEFAULT_REPROVIDE_INTERVAL,
            true),
        clock);
  }

  private static List<Multihash> keys(int n) {
    List<Multihash> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(HashFunction.SHA2_256.multihash(ByteBuffer.allocate(4).putInt(i).array()));
    }
    return out;
  }

  private static int region(Multihash mh) {
    return (KadKey.of(mh).bit(0) << 1) | KadKey.of(mh).bit(1);
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> f) throws Exception {
    return f.get(60, TimeUnit.SECONDS); // a guard against a hang, not a timing assertion
  }

  /** The nodes of the network that hold an unexpired record of {@code mh} from {@code host}. */
  private Set<Integer> holders(Multihash mh, MemoryNetwork.MemoryHost host) {
    Set<Integer> out = new HashSet<>();
    for (KadTestNet.Node n : net.nodes) {
      if (n.dht().localProviders(mh, 10).stream().anyMatch(p -> p.peer().equals(host.self()))) {
        out.add(n.index());
      }
    }
    return out;
  }

  private Set<Integer> kClosest(Multihash mh) {
    KadKey target = KadKey.of(mh);
    List<KadTestNet.Node> sorted = new ArrayList<>(net.nodes);
    sorted.sort(Comparator.comparing(n -> KadKey.of(n.host().self()), target::compareDistance));
    Set<Integer> out = new HashSet<>();
    sorted.subList(0, RoutingTable.K).forEach(n -> out.add(n.index()));
    return out;
  }

  @Test
  void aSweepDoesOneLookupAndOneScanPerRegionAndRefreshesEveryRecord() throws Exception {
    MemoryNetwork.MemoryHost host = net.network.newHost();
    Kademlia dht = provider(host);
    await(dht.bootstrap());
    List<Multihash> keys = keys(300);
    Set<Integer> regions = new HashSet<>();
    keys.forEach(k -> regions.add(region(k)));
    assertThat(regions).hasSize(4);

    long lookups = dht.reprovideStatus().lookups();
    int sent = await(dht.provide(keys));
    assertThat(dht.reprovideStatus().lookups() - lookups).isEqualTo(regions.size());
    assertThat(sent).isEqualTo(keys.size() * RoutingTable.K);

    // Every record expires; the sweep must put them back.
    clock.advance(ProviderStore.VALIDITY.plusMinutes(1));
    assertThat(holders(keys.get(0), host)).isEmpty();
    lookups = dht.reprovideStatus().lookups();
    int scans = keysTable.scans.get();
    int resent = 0;
    for (int r = 0; r < 4; r++) {
      resent += await(dht.reprovideNextRegion());
    }

    assertThat(dht.reprovideStatus().lookups() - lookups).isEqualTo(4);
    assertThat(keysTable.scans.get() - scans).isEqualTo(4);
    assertThat(resent).isEqualTo(keys.size() * RoutingTable.K);
    for (Multihash mh : keys) {
      assertThat(holders(mh, host)).as("holders of %s", mh).isEqualTo(kClosest(mh));
    }
    Kademlia.ReprovideStatus status = dht.reprovideStatus();
    assertThat(status.keys()).isEqualTo(300);
    assertThat(status.regions()).isEqualTo(4);
    assertThat(status.nextRegion()).isZero();
    assertThat(status.regionsReprovided()).isEqualTo(4);
    assertThat(status.lastSweep()).contains(clock.instant());
    dht.stop();
  }

  @Test
  void regionsWithoutKeysNeedNoLookup() throws Exception {
    MemoryNetwork.MemoryHost host = net.network.newHost();
    Kademlia dht = provider(host);
    await(dht.bootstrap());
    await(dht.provide(keys(1)));
    long lookups = dht.reprovideStatus().lookups();

    for (int r = 0; r < 4; r++) {
      await(dht.reprovideNextRegion());
    }

    assertThat(dht.reprovideStatus().lookups() - lookups).isEqualTo(1);
    dht.stop();
  }

  @Test
  void theScheduleSurvivesARestart() throws Exception {
    Kademlia first = provider(net.network.newHost());
    await(first.bootstrap());
    await(first.provide(keys(50)));
    Instant firstDue = first.reprovideStatus().nextDue();
    await(first.reprovideNextRegion());
    Kademlia.ReprovideStatus before = first.reprovideStatus();
    assertThat(before.nextRegion()).isEqualTo(1);
    assertThat(before.nextDue()).isEqualTo(firstDue.plus(Duration.ofHours(22).dividedBy(4)));
    first.stop();

    clock.advance(Duration.ofHours(3));
    Kademlia second = provider(net.network.newHost());
    Kademlia.ReprovideStatus after = second.reprovideStatus();

    assertThat(after.nextRegion()).isEqualTo(1);
    assertThat(after.nextDue()).isEqualTo(before.nextDue());
    assertThat(after.keys()).isEqualTo(50);
    await(second.bootstrap());
    await(second.reprovideNextRegion());
    assertThat(second.reprovideStatus().nextRegion()).isEqualTo(2);
    second.stop();
  }
}
