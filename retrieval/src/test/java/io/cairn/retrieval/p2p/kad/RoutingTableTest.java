package io.cairn.retrieval.p2p.kad;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.PeerId;
import io.cairn.storage.codec.KeyProtobuf;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
  private final Random random = new Random(7);
  private final PeerId self = peer();
  private final KadKey selfKey = KadKey.of(self);

  private PeerId peer() {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return PeerId.fromPublicKey(KeyProtobuf.encode(KeyProtobuf.ED25519, key));
  }

  /** Peers whose position shares exactly {@code cpl} leading bits with ours (same bucket). */
  private List<PeerId> peersInBucket(int cpl, int count) {
    List<PeerId> out = new ArrayList<>();
    while (out.size() < count) {
      PeerId p = peer();
      if (selfKey.commonPrefixLength(KadKey.of(p)) == cpl) {
        out.add(p);
      }
    }
    return out;
  }

  @Test
  void keysAreSha256OfThePeerIdBytes() {
    PeerId p = peer();
    assertThat(KadKey.of(p).bytes()).isEqualTo(KadKey.sha256(p.bytes()));
  }

  /**
   * Kubo's stats dht columns: "last queried" is the last answer to a query of this node, "last
   * useful" the last answer that brought peers or providers; a peer only seen has neither.
   */
  @Test
  void entriesListEachPeerWithItsBucketAndWhenItLastAnswered() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T10:00:00Z"));
    InstantSource clock = now::get;
    RoutingTable t = new RoutingTable(self, clock);
    PeerId near = peersInBucket(3, 1).getFirst();
    PeerId far = peersInBucket(0, 1).getFirst();
    t.seen(near);
    t.seen(far);
    t.answered(near, true);
    now.set(Instant.parse("2026-12-07T10:05:00Z"));
    t.answered(near, false);
    t.answered(peer(), true); // not in the table: left out

    assertThat(t.entries())
        .containsExactly(
            new Kademlia.TablePeer(far, 0, Optional.empty(), Optional.empty()),
            new Kademlia.TablePeer(
                near,
                3,
                Optional.of(Instant.parse("2026-12-07T10:00:00Z")),
                Optional.of(Instant.parse("2026-12-07T10:05:00Z"))));
  }

  @Test
  void aBucketHoldsAtMostKPeers() {
    RoutingTable t = new RoutingTable(self);
    List<PeerId> bucket = peersInBucket(0, RoutingTable.K + 3);
    List<Boolean> added = new ArrayList<>();
    bucket.forEach(p -> added.add(t.seen(p)));

    assertThat(t.size()).isEqualTo(RoutingTable.K);
    assertThat(added.subList(0, RoutingTable.K)).containsOnly(true);
    assertThat(added.subList(RoutingTable.K, added.size())).containsOnly(false);
    assertThat(t.contains(bucket.get(RoutingTable.K))).isFalse();
  }

  @Test
  void aStalePeerIsReplacedByANewcomer() {
    RoutingTable t = new RoutingTable(self);
    List<PeerId> bucket = peersInBucket(1, RoutingTable.K + 1);
    bucket.subList(0, RoutingTable.K).forEach(t::seen);
    PeerId stale = bucket.get(4);
    t.failed(stale);

    assertThat(t.seen(bucket.get(RoutingTable.K))).isTrue();
    assertThat(t.contains(stale)).isFalse();
    assertThat(t.size()).isEqualTo(RoutingTable.K);
  }

  @Test
  void aPeerThatKeepsFailingIsEvictedAndAReplacementPromoted() {
    RoutingTable t = new RoutingTable(self);
    List<PeerId> bucket = peersInBucket(0, RoutingTable.K + 1);
    bucket.subList(0, RoutingTable.K).forEach(t::seen);
    PeerId waiting = bucket.get(RoutingTable.K);
    assertThat(t.seen(waiting)).isFalse(); // full and nobody stale: into the replacement cache

    PeerId dead = bucket.get(0);
    for (int i = 0; i < RoutingTable.MAX_FAILURES; i++) {
      t.failed(dead);
    }

    assertThat(t.contains(dead)).isFalse();
    assertThat(t.contains(waiting)).isTrue();
    assertThat(t.size()).isEqualTo(RoutingTable.K);
  }

  @Test
  void answeringAgainClearsAFailure() {
    RoutingTable t = new RoutingTable(self);
    PeerId p = peer();
    t.seen(p);
    for (int i = 0; i < RoutingTable.MAX_FAILURES - 1; i++) {
      t.failed(p);
    }
    t.seen(p);
    t.failed(p);
    assertThat(t.contains(p)).isTrue();
  }

  @Test
  void closestSortsByXorDistanceOfTheSha256Positions() {
    RoutingTable t = new RoutingTable(self);
    List<PeerId> all = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      PeerId p = peer();
      if (t.seen(p)) {
        all.add(p);
      }
    }
    KadKey target = KadKey.of(new byte[] {1, 2, 3});
    List<PeerId> expected = new ArrayList<>(all);
    expected.sort(Comparator.comparing(KadKey::of, target::compareDistance));

    assertThat(t.closest(target, RoutingTable.K))
        .containsExactlyElementsOf(expected.subList(0, RoutingTable.K));
  }

  @Test
  void neverHoldsItself() {
    RoutingTable t = new RoutingTable(self);
    assertThat(t.seen(self)).isFalse();
    assertThat(t.size()).isZero();
  }

  @Test
  void onlyPeersAnnouncingKadEnterThroughTheEngine() {
    try (MemoryNetwork net = new MemoryNetwork(3)) {
      MemoryNetwork.MemoryHost host = net.newHost();
      KadEngine engine =
          new KadEngine(host, new RoutingTable(host.self()), null, null, mh -> false);
      PeerId client = peer();
      PeerId server = peer();
      host.peerStore().setProtocols(client, List.of("/ipfs/bitswap/1.2.0"));
      host.peerStore().setProtocols(server, List.of("/ipfs/bitswap/1.2.0", Kademlia.PROTOCOL_ID));

      engine.consider(client);
      engine.consider(server);
      engine.consider(peer()); // protocols unknown

      assertThat(engine.table().peers()).containsExactly(server);
    }
  }
}
