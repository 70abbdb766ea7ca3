package io.cairn.retrieval.p2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.PeerId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The gossipsub policy without a network: peers are queues the test reads. */
class GossipsubEngineTest {
  private static final String T = "t";
  private final AtomicLong now = new AtomicLong();

  private PubsubEngine engine(GossipsubOptions params) {
    return new PubsubEngine(
        Keys.peer(0),
        Keys.signer(0),
        PubsubOptions.DEFAULTS.withGossipsub(params),
        now::get,
        new Random(7));
  }

  private static GossipsubOptions degrees(int d, int dlo, int dhi) {
    GossipsubOptions o = GossipsubOptions.DEFAULTS;
    return o.with(d, dlo, dhi, 6, o.heartbeat(), o.pruneBackoff(), o.unsubscribeBackoff());
  }

  /** Peer {@code i}, speaking {@code protocol}, subscribed to {@code topic}. */
  private static PeerId peer(PubsubEngine e, int i, String protocol, String topic) {
    PeerId p = Keys.peer(i);
    e.peer(p).protocol = protocol;
    e.onRpc(p, new PubsubCodec.Rpc(List.of(new PubsubCodec.SubOpt(true, topic)), List.of(), 0));
    return p;
  }

  private static PubsubCodec.Rpc control(GossipControl c) {
    return PubsubCodec.decode(PubsubCodec.encode(List.of(), List.of(), c, true));
  }

  private static GossipControl graft(String topic) {
    return new GossipControl(List.of(), List.of(), List.of(topic), List.of());
  }

  /** The control parts of what the engine queued for {@code peer}. */
  private static List<GossipControl> sent(PubsubEngine e, PeerId peer) {
    List<GossipControl> out = new ArrayList<>();
    for (byte[] rpc : e.peer(peer).outbox.waiting()) {
      GossipControl c = PubsubCodec.decode(rpc).control();
      if (!c.isEmpty()) {
        out.add(c);
      }
    }
    return out;
  }

  /** How many of the RPCs queued for {@code peer} carry messages. */
  private static long messages(PubsubEngine e, PeerId peer) {
    return e.peer(peer).outbox.waiting().stream()
        .filter(r -> !PubsubCodec.decode(r).messages().isEmpty())
        .count();
  }

  private static long prunes(PubsubEngine e, PeerId peer) {
    return sent(e, peer).stream().mapToLong(c -> c.prune().size()).sum();
  }

  private static long grafts(PubsubEngine e, PeerId peer) {
    return sent(e, peer).stream().mapToLong(c -> c.graft().size()).sum();
  }

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void joiningGraftsUpToDAndAPeerSubscribingLaterIsGraftedWhileTheMeshIsSmall() {
    PubsubEngine e = engine(degrees(2, 1, 3));
    PeerId a = peer(e, 1, Pubsub.MESHSUB_11, T);
    PeerId flood = peer(e, 2, Pubsub.FLOODSUB, T);
    e.subscribe(T);
    assertThat(e.meshPeers(T)).containsExactly(a);
    assertThat(grafts(e, a)).isEqualTo(1);
    assertThat(grafts(e, flood)).isZero();
    PeerId b = peer(e, 3, Pubsub.MESHSUB_10, T);
    PeerId c = peer(e, 4, Pubsub.MESHSUB_11, T);
    assertThat(e.meshPeers(T)).containsExactlyInAnyOrder(a, b);
    assertThat(grafts(e, c)).isZero();
  }

  @Test
  void aPruneIsHonouredAndAGraftDuringTheBackoffIsRefusedWithAPrune() {
    PubsubEngine e = engine(degrees(2, 2, 3));
    PeerId a = peer(e, 1, Pubsub.MESHSUB_11, T);
    PeerId b = peer(e, 2, Pubsub.MESHSUB_11, T);
    e.subscribe(T);
    assertThat(e.meshPeers(T)).containsExactlyInAnyOrder(a, b);

    e.onRpc(
        a,
        control(
            new GossipControl(
                List.of(), List.of(), List.of(), List.of(new GossipControl.Prune(T, 30)))));
    assertThat(e.meshPeers(T)).containsExactly(b);
    assertThat(e.gossipRouter().backoffs()).isEqualTo(1);
    // a PRUNE for a topic not joined costs no backoff entry
    e.onRpc(
        a,
        control(
            new GossipControl(
                List.of(),
                List.of(),
                List.of(),
                List.of(new GossipControl.Prune("elsewhere", 30)))));
    assertThat(e.gossipRouter().backoffs()).isEqualTo(1);
    for (int i = 0; i < 5; i++) {
      advance(Duration.ofSeconds(1));
      e.heartbeat();
    }
    assertThat(e.meshPeers(T)).containsExactly(b); // below Dlo, yet a is backed off
    assertThat(grafts(e, a)).isEqualTo(1); // the one on joining

    e.onRpc(a, control(graft(T)));
    assertThat(e.meshPeers(T)).containsExactly(b);
    List<GossipControl> toA = sent(e, a);
    GossipControl refusal = toA.get(toA.size() - 1);
    assertThat(refusal.prune()).containsExactly(new GossipControl.Prune(T, 60));

    // the refusal renewed the backoff to a minute: after it, a is grafted again
    advance(Duration.ofSeconds(59));
    e.heartbeat();
    assertThat(e.meshPeers(T)).containsExactly(b);
    advance(Duration.ofSeconds(3));
    e.heartbeat();
    assertThat(e.meshPeers(T)).containsExactlyInAnyOrder(a, b);
    assertThat(grafts(e, a)).isEqualTo(2);
  }

  @Test
  void theHeartbeatPrunesAMeshAboveDhiDownToD() {
    PubsubEngine e = engine(degrees(2, 1, 3));
    e.subscribe(T);
    List<PeerId> peers = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      PeerId p = peer(e, i, i == 5 ? Pubsub.MESHSUB_10 : Pubsub.MESHSUB_11, T);
      peers.add(p);
      e.onRpc(p, control(graft(T)));
    }
    assertThat(e.meshPeers(T)).hasSize(5);
    e.heartbeat();
    assertThat(e.meshPeers(T)).hasSize(2);
    long pruned = 0;
    for (PeerId p : peers) {
      if (!e.meshPeers(T).contains(p)) {
        assertThat(prunes(e, p)).isEqualTo(1);
        // v1.0 peers get a PRUNE without the v1.1 backoff field
        long expected = p.equals(peers.get(4)) ? 0 : 60;
        assertThat(sent(e, p).get(sent(e, p).size() - 1).prune())
            .containsExactly(new GossipControl.Prune(T, expected));
        assertThat(e.gossipRouter().backedOff(T, p)).isTrue();
        pruned++;
      }
    }
    assertThat(pruned).isEqualTo(3);
    assertThat(e.stats().gossip()).containsEntry("prune", 3L);
  }

  @Test
  void leavingATopicPrunesTheMeshWithTheUnsubscribeBackoff() {
    PubsubEngine e = engine(degrees(2, 1, 3));
    PeerId a = peer(e, 1, Pubsub.MESHSUB_11, T);
    Subscription s = e.subscribe(T);
    assertThat(e.meshPeers(T)).containsExactly(a);
    s.close();
    List<GossipControl> toA = sent(e, a);
    assertThat(toA.get(toA.size() - 1).prune()).containsExactly(new GossipControl.Prune(T, 10));
    assertThat(e.meshPeers(T)).isEmpty();
    assertThat(e.stats().mesh()).isEmpty();
  }

  @Test
  void ihaveIsAnsweredWithIwantForUnseenIdsWithinThePeersBudget() {
    GossipsubOptions o = GossipsubOptions.DEFAULTS;
    GossipsubOptions small =
        new GossipsubOptions(
            o.d(),
            o.dlo(),
            o.dhi(),
            o.dlazy(),
            o.gossipFactor(),
            o.heartbeat(),
            o.fanoutTtl(),
            o.historyLength(),
            o.historyGossip(),
            o.pruneBackoff(),
            o.unsubscribeBackoff(),
            3,
            2,
            2,
            o.maxCacheBytes(),
            o.maxBackoffs());
    PubsubEngine e = engine(small);
    PeerId a = peer(e, 1, Pubsub.MESHSUB_11, T);
    e.subscribe(T);
    PubsubMessage known =
        new PubsubEngine(Keys.peer(2), Keys.signer(2), PubsubOptions.DEFAULTS, now::get)
            .publish(T, new byte[] {1});
    e.onMessage(a, known);
    List<String> ids = new ArrayList<>(List.of(known.id()));
    for (int i = 0; i < 5; i++) {
      ids.add("unseen-" + i);
    }
    int before = sent(e, a).size();
    GossipControl ihave =
        new GossipControl(
            List.of(new GossipControl.IHave(T, ids)), List.of(), List.of(), List.of());
    e.onRpc(a, control(ihave));
    List<GossipControl> out = sent(e, a);
    assertThat(out).hasSize(before + 1);
    List<String> asked = out.get(out.size() - 1).iwant();
    assertThat(asked)
        .hasSize(3)
        .doesNotContain(known.id())
        .allMatch(id -> id.startsWith("unseen-"));
    // the peer's budget of 3 IDs is spent for this heartbeat; IHAVE for an unknown topic is ignored
    e.onRpc(a, control(ihave));
    assertThat(sent(e, a)).hasSize(before + 1);
    e.heartbeat();
    e.onRpc(
        a,
        control(
            new GossipControl(
                List.of(new GossipControl.IHave("other", List.of("x"))),
                List.of(),
                List.of(),
                List.of())));
    assertThat(sent(e, a).stream().filter(c -> !c.iwant().isEmpty()).count()).isEqualTo(1);
  }

  @Test
  void iwantIsAnsweredFromTheMessageCacheAtMostRetransmissionTimes() {
    PubsubEngine e = engine(degrees(1, 1, 1));
    PeerId mesh = peer(e, 1, Pubsub.MESHSUB_11, T);
    PeerId asker = peer(e, 2, Pubsub.MESHSUB_11, T);
    e.subscribe(T);
    PubsubMessage m = e.publish(T, "cached".getBytes(StandardCharsets.UTF_8));
    List<String> mids = List.of(m.id());
    PeerId other = e.meshPeers(T).contains(mesh) ? asker : mesh;
    assertThat(messages(e, other)).isZero();
    GossipControl iwant = new GossipControl(List.of(), mids, List.of(), List.of());
    for (int i = 0; i < 5; i++) {
      e.onRpc(other, control(iwant));
    }
    assertThat(messages(e, other)).isEqualTo(GossipsubOptions.DEFAULTS.gossipRetransmission());
    // the IHAVE gossip at the heartbeat goes to the peer outside the mesh
    e.heartbeat();
    List<GossipControl> c = sent(e, other);
    assertThat(c.get(c.size() - 1).ihave()).containsExactly(new GossipControl.IHave(T, mids));
    // after historyLength heartbeats the message is gone from the cache
    for (int i = 0; i < 5; i++) {
      e.heartbeat();
    }
    assertThat(e.gossipRouter().cachedMessages()).isZero();
  }

  @Test
  void publishingToATopicNotJoinedUsesFanoutPeersUntilItsTtl() {
    PubsubEngine e = engine(degrees(2, 1, 3));
    for (int i = 1; i <= 4; i++) {
      peer(e, i, Pubsub.MESHSUB_11, T);
    }
    PeerId flood = peer(e, 5, Pubsub.FLOODSUB, T);
    e.publish(T, new byte[] {1});
    List<PeerId> fanout = e.meshPeers(T);
    assertThat(fanout).hasSize(2);
    e.publish(T, new byte[] {2});
    assertThat(e.meshPeers(T)).isEqualTo(fanout);
    // each fanout peer and the floodsub peer got both; the others none
    assertThat(e.stats().forwarded()).isEqualTo(2 * 3);
    assertThat(e.peer(flood).outbox.waiting()).hasSize(2);
    advance(Duration.ofSeconds(30));
    e.heartbeat();
    assertThat(e.meshPeers(T)).isEqualTo(fanout);
    advance(Duration.ofSeconds(31));
    e.heartbeat();
    assertThat(e.meshPeers(T)).isEmpty();
  }

  @Test
  void aReceivedMessageGoesToTheMeshAndEveryFloodsubPeerButNotBack() {
    PubsubEngine e = engine(degrees(1, 1, 1));
    PeerId a = peer(e, 1, Pubsub.MESHSUB_11, T);
    e.subscribe(T);
    PeerId b = peer(e, 2, Pubsub.MESHSUB_11, T); // not grafted: the mesh is full
    PeerId flood = peer(e, 3, Pubsub.FLOODSUB, T);
    PeerId author = Keys.peer(4);
    PubsubMessage m =
        new PubsubEngine(author, Keys.signer(4), PubsubOptions.DEFAULTS, now::get)
            .publish(T, new byte[] {9});
    e.onMessage(b, m);
    assertThat(e.stats().forwarded()).isEqualTo(2);
    assertThat(messages(e, a)).isEqualTo(1);
    assertThat(messages(e, flood)).isEqualTo(1);
    assertThat(messages(e, b)).isZero();
  }

  @Test
  void controlRoundTripsAndIsBoundedOnDecode() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < GossipControl.MAX_IDS + 10; i++) {
      many.add("id" + i);
    }
    GossipControl c =
        new GossipControl(
            List.of(new GossipControl.IHave(T, List.of("a", "b"))),
            List.of("c"),
            List.of(T),
            List.of(new GossipControl.Prune(T, 60)));
    assertThat(control(c).control()).isEqualTo(c);
    GossipControl big = new GossipControl(List.of(), many, List.of(), List.of());
    assertThat(control(big).control().iwant()).hasSize(GossipControl.MAX_IDS);
    // without the v1.1 backoff a PRUNE carries only its topic
    byte[] v10 = PubsubCodec.encode(List.of(), List.of(), c, false);
    assertThat(PubsubCodec.decode(v10).control().prune())
        .containsExactly(new GossipControl.Prune(T, 0));
  }
}
