package io.cairn.retrieval.p2p.pubsub;

import io.cairn.storage.PeerId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Gossipsub v1.1's policy over the engine's peers (libp2p/specs {@code gossipsub-v1.0.md}, {@code
 * gossipsub-v1.1.md}): where a message goes (the topic's mesh, or fanout when not joined, and every
 * floodsub peer of the topic), the control messages (GRAFT, PRUNE, IHAVE, IWANT) and the heartbeat
 * that keeps the meshes and gossips. The mesh itself is {@link GossipMesh}, the message cache
 * {@link MessageCache}. What one peer costs is bounded per heartbeat: IHAVEs read from it ({@code
 * maxIhaveMessages}), message IDs asked of it and answered to it ({@code maxIhaveLength}). Called
 * under the engine's lock.
 */
final class GossipRouter {
  /** How the router reaches the engine. */
  interface Engine {
    /** The engine's peers: their topics and protocols. */
    Map<PeerId, PubsubEngine.PeerState> peers();

    /** Queues an RPC to a peer (dropped and counted when its queue is full). */
    void send(PeerId peer, byte[] rpc);

    /** Whether the message ID is in the seen cache. */
    boolean seen(String id);
  }

  private final GossipsubOptions o;
  private final Engine engine;
  private final Random random;
  private final GossipMesh mesh;
  private final MessageCache mcache;

  /** Per peer, this heartbeat: {IHAVEs read, IDs asked of it, messages sent for its IWANT}. */
  private final Map<PeerId, int[]> budget = new HashMap<>();

  private long graftsSent;
  private long prunesSent;
  private long ihavesSent;
  private long iwantsSent;
  private long gossipServed;

  GossipRouter(GossipsubOptions options, Engine engine, LongSupplier nanoClock, Random random) {
    this.o = options;
    this.engine = engine;
    this.random = random;
    this.mesh = new GossipMesh(options, nanoClock, random);
    this.mcache =
        new MessageCache(options.historyLength(), options.historyGossip(), options.maxCacheBytes());
  }

  static boolean isGossip(String protocol) {
    return protocol != null && protocol.startsWith("/meshsub/");
  }

  // ---- topics and peers ----

  void join(String topic) {
    for (PeerId p : mesh.join(topic, candidates(topic))) {
      control(p, List.of(), List.of(topic), List.of());
    }
  }

  void leave(String topic) {
    long backoff = o.unsubscribeBackoff().toSeconds();
    for (PeerId p : mesh.leave(topic)) {
      control(p, List.of(), List.of(), List.of(new GossipControl.Prune(topic, backoff)));
    }
  }

  /**
   * A peer announced a topic (or its protocol became known): when the topic is joined and its mesh
   * is below D, the peer is grafted at once rather than at the next heartbeat.
   */
  void peerSubscribed(PeerId peer, String topic) {
    PubsubEngine.PeerState s = engine.peers().get(peer);
    if (s == null
        || !isGossip(s.protocol)
        || !mesh.joined(topic)
        || mesh.mesh(topic).size() >= o.d()
        || mesh.backedOff(topic, peer, true)) {
      return;
    }
    if (mesh.add(topic, peer)) {
      control(peer, List.of(), List.of(topic), List.of());
    }
  }

  void peerUnsubscribed(PeerId peer, String topic) {
    mesh.remove(topic, peer);
  }

  void peerRemoved(PeerId peer) {
    mesh.removePeer(peer);
    mcache.forget(peer);
    budget.remove(peer);
  }

  // ---- messages ----

  /** A new message (published here or received valid): cached for IWANT and gossip. */
  void cache(PubsubMessage m, byte[] rpc) {
    mcache.put(m, rpc);
  }

  /**
   * The peers a message goes to: per topic, the floodsub peers subscribed to it, and the mesh peers
   * (the fanout peers when the topic is not joined).
   */
  Set<PeerId> targets(PubsubMessage m) {
    Set<PeerId> out = new LinkedHashSet<>();
    for (String t : m.topics()) {
      engine
          .peers()
          .forEach(
              (p, s) -> {
                if (!isGossip(s.protocol) && s.topics.contains(t)) {
                  out.add(p);
                }
              });
      out.addAll(mesh.joined(t) ? mesh.mesh(t) : mesh.fanoutFor(t, candidates(t)));
    }
    return out;
  }

  // ---- control ----

  void onControl(PeerId peer, GossipControl c) {
    PubsubEngine.PeerState s = engine.peers().get(peer);
    if (s == null || c.isEmpty()) {
      return;
    }
    List<GossipControl.Prune> refused = new ArrayList<>();
    for (String topic : c.graft()) {
      // grafts for topics not joined are ignored (spam hardening, as go-libp2p-pubsub)
      if (!mesh.joined(topic) || !isGossip(s.protocol) || mesh.mesh(topic).contains(peer)) {
        continue;
      }
      if (mesh.backedOff(topic, peer, false)) {
        mesh.addBackoff(topic, peer, o.pruneBackoff().toNanos());
        refused.add(new GossipControl.Prune(topic, o.pruneBackoff().toSeconds()));
      } else {
        mesh.add(topic, peer);
      }
    }
    for (GossipControl.Prune p : c.prune()) {
      // as go-libp2p-pubsub, a PRUNE for a topic not joined is ignored: it costs no backoff entry
      if (!mesh.joined(p.topic())) {
        continue;
      }
      mesh.remove(p.topic(), peer);
      long nanos =
          p.backoffSeconds() > 0
              ? TimeUnit.SECONDS.toNanos(Math.min(p.backoffSeconds(), 24 * 3600))
              : o.pruneBackoff().toNanos();
      mesh.addBackoff(p.topic(), peer, nanos);
      // peer exchange records (v1.1 PX) are not followed
    }
    List<String> iwant = c.ihave().isEmpty() ? List.of() : ihave(peer, c.ihave());
    if (!c.iwant().isEmpty()) {
      iwant(peer, c.iwant());
    }
    if (!iwant.isEmpty() || !refused.isEmpty()) {
      control(peer, iwant, List.of(), refused);
    }
  }

  /** The IDs to ask for in answer to IHAVE: unseen, within the peer's budget, shuffled. */
  private List<String> ihave(PeerId peer, List<GossipControl.IHave> list) {
    int[] b = budget.computeIfAbsent(peer, p -> new int[3]);
    if (++b[0] > o.maxIhaveMessages() || b[1] >= o.maxIhaveLength()) {
      return List.of();
    }
    Set<String> want = new LinkedHashSet<>();
    for (GossipControl.IHave h : list) {
      if (!mesh.joined(h.topic())) {
        continue;
      }
      for (String id : h.ids()) {
        if (!engine.seen(id)) {
          want.add(id);
        }
      }
    }
    List<String> ids = new ArrayList<>(want);
    Collections.shuffle(ids, random);
    int n = Math.min(ids.size(), o.maxIhaveLength() - b[1]);
    b[1] += n;
    iwantsSent += n;
    return List.copyOf(ids.subList(0, n));
  }

  /** Sends the cached messages a peer asks for, within its budget and the retransmission cap. */
  private void iwant(PeerId peer, List<String> ids) {
    int[] b = budget.computeIfAbsent(peer, p -> new int[3]);
    for (String id : ids) {
      if (b[2] >= o.maxIhaveLength()) {
        return;
      }
      byte[] rpc = mcache.forIwant(id, peer, o.gossipRetransmission());
      if (rpc != null) {
        b[2]++;
        gossipServed++;
        engine.send(peer, rpc);
      }
    }
  }

  // ---- heartbeat ----

  /** Keeps the meshes and fanouts, gossips IHAVE, and shifts the message cache. */
  void heartbeat() {
    budget.clear();
    Map<PeerId, Batch> out = new LinkedHashMap<>();
    mesh.maintain(
        this::candidates,
        (p, t) -> out.computeIfAbsent(p, x -> new Batch()).graft.add(t),
        (p, t) ->
            out.computeIfAbsent(p, x -> new Batch())
                .prune
                .add(new GossipControl.Prune(t, o.pruneBackoff().toSeconds())));
    List<String> topics = new ArrayList<>(mesh.joinedTopics());
    topics.addAll(mesh.fanoutTopics());
    for (String t : topics) {
      gossip(t, out);
    }
    out.forEach((p, b) -> send(p, new GossipControl(b.ihave, List.of(), b.graft, b.prune)));
    mcache.shift();
  }

  private void gossip(String topic, Map<PeerId, Batch> out) {
    List<String> ids = mcache.gossipIds(topic);
    if (ids.isEmpty()) {
      return;
    }
    Set<PeerId> exclude = mesh.joined(topic) ? mesh.mesh(topic) : mesh.fanout(topic);
    List<PeerId> pool = new ArrayList<>();
    for (PeerId p : candidates(topic)) {
      if (!exclude.contains(p)) {
        pool.add(p);
      }
    }
    int target = Math.max(o.dlazy(), (int) (o.gossipFactor() * pool.size()));
    Collections.shuffle(pool, random);
    if (ids.size() > o.maxIhaveLength()) {
      Collections.shuffle(ids, random);
      ids = ids.subList(0, o.maxIhaveLength());
    }
    for (PeerId p : pool.subList(0, Math.min(target, pool.size()))) {
      out.computeIfAbsent(p, x -> new Batch()).ihave.add(new GossipControl.IHave(topic, ids));
      ihavesSent++;
    }
  }

  /** What one peer is sent at a heartbeat. */
  private static final class Batch {
    final List<GossipControl.IHave> ihave = new ArrayList<>();
    final List<String> graft = new ArrayList<>();
    final List<GossipControl.Prune> prune = new ArrayList<>();
  }

  // ---- views ----

  /** The topic's mesh peers (its fanout peers when not joined). */
  List<PeerId> meshPeers(String topic) {
    return List.copyOf(mesh.joined(topic) ? mesh.mesh(topic) : mesh.fanout(topic));
  }

  /** Mesh size per joined topic. */
  Map<String, Integer> meshSizes() {
    Map<String, Integer> out = new TreeMap<>();
    for (String t : mesh.joinedTopics()) {
      out.put(t, mesh.mesh(t).size());
    }
    return out;
  }

  /** Control counters: GRAFT, PRUNE, IHAVE sent; IDs asked by IWANT; messages sent for IWANT. */
  Map<String, Long> counters() {
    return Map.of(
        "graft", graftsSent,
        "prune", prunesSent,
        "ihave", ihavesSent,
        "iwant", iwantsSent,
        "iwant_served", gossipServed);
  }

  boolean backedOff(String topic, PeerId peer) {
    return mesh.backedOff(topic, peer, false);
  }

  int backoffs() {
    return mesh.backoffs();
  }

  int cachedMessages() {
    return mcache.size();
  }

  // ---- under the hood ----

  /** The gossipsub peers subscribed to {@code topic}, in the engine's order. */
  private List<PeerId> candidates(String topic) {
    return select(s -> isGossip(s.protocol) && s.topics.contains(topic));
  }

  private List<PeerId> select(Predicate<PubsubEngine.PeerState> which) {
    List<PeerId> out = new ArrayList<>();
    engine
        .peers()
        .forEach(
            (p, s) -> {
              if (which.test(s)) {
                out.add(p);
              }
            });
    return out;
  }

  private void control(
      PeerId peer, List<String> iwant, List<String> graft, List<GossipControl.Prune> prune) {
    send(peer, new GossipControl(List.of(), iwant, graft, prune));
  }

  private void send(PeerId peer, GossipControl c) {
    PubsubEngine.PeerState s = engine.peers().get(peer);
    if (s == null || c.isEmpty()) {
      return;
    }
    graftsSent += c.graft().size();
    prunesSent += c.prune().size();
    boolean v11 = Pubsub.MESHSUB_11.equals(s.protocol);
    engine.send(peer, PubsubCodec.encode(List.of(), List.of(), c, v11));
  }
}
