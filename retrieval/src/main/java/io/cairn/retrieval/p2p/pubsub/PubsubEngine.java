package io.cairn.retrieval.p2p.pubsub;

import io.cairn.retrieval.ipns.Signer;
import io.cairn.storage.PeerId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The router's state and policy: local subscriptions, the topics each peer announced, the seen
 * cache and what goes where. A new message (not seen within the TTL, signed by its author as
 * StrictSign requires) is delivered to the local subscribers of its topics and sent on, except to
 * the peer it came from and its author: with floodsub to every peer subscribed to one of its
 * topics, with gossipsub to the peers {@link GossipRouter} picks. A message of a topic with a
 * validator ({@link Validation}) is checked, marked seen and validated on a validation worker
 * before that; this node's own messages are validated on the publisher's thread. Thread-safe: one
 * lock over the tables; signatures are checked and validators run outside it.
 */
final class PubsubEngine {
  private final PeerId self;
  private final Signer signer;
  private final PubsubOptions options;
  private final SeenCache seen;
  private final Validation validation;
  private final AtomicLong seqno;
  private final Map<PeerId, PeerState> peers = new HashMap<>();
  private final Map<String, List<Subscription>> subscriptions = new HashMap<>();

  /** The gossipsub policy; null with the floodsub router. */
  private final GossipRouter gossip;

  private final AtomicLong published = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong forwarded = new AtomicLong();
  private final AtomicLong peersDropped = new AtomicLong();
  private final Map<String, AtomicLong> dropped = new ConcurrentHashMap<>();

  /**
   * What the router knows about one peer: its topics, the protocol its stream from this node agreed
   * (null until it opens), and the queue of what it is sent.
   */
  static final class PeerState {
    final Set<String> topics = new LinkedHashSet<>();
    final PeerOutbox outbox;
    boolean opening;
    volatile String protocol;

    /** Messages from this peer that a topic validator rejected. */
    long rejected;

    PeerState(long maxBytes) {
      this.outbox = new PeerOutbox(maxBytes);
    }
  }

  PubsubEngine(PeerId self, Signer signer, PubsubOptions options, LongSupplier nanoClock) {
    this(self, signer, options, nanoClock, new Random());
  }

  PubsubEngine(
      PeerId self, Signer signer, PubsubOptions options, LongSupplier nanoClock, Random random) {
    this.self = self;
    this.signer = signer;
    this.options = options;
    this.seen = new SeenCache(options.seenTtl(), options.maxSeen(), nanoClock);
    this.validation = new Validation(options.validateQueue(), options.validateWorkers());
    // go-libp2p-pubsub starts its counter at the time in nanoseconds, so seqnos grow across
    // restarts
    this.seqno = new AtomicLong(System.currentTimeMillis() * 1_000_000L);
    this.gossip =
        options.router() == PubsubOptions.Router.GOSSIPSUB
            ? new GossipRouter(options.gossipsub(), new Wire(), nanoClock, random)
            : null;
  }

  /** How the gossipsub policy reaches the peers; called under the lock. */
  private final class Wire implements GossipRouter.Engine {
    @Override
    public Map<PeerId, PeerState> peers() {
      return peers;
    }

    @Override
    public void send(PeerId peer, byte[] rpc) {
      PeerState s = peers.get(peer);
      if (s != null && !s.outbox.offer(rpc)) {
        drop(PubsubStats.PEER_QUEUE_FULL);
      }
    }

    @Override
    public boolean seen(String id) {
      return seen.contains(id);
    }
  }

  boolean gossipsub() {
    return gossip != null;
  }

  PubsubOptions options() {
    return options;
  }

  Validation validation() {
    return validation;
  }

  // ---- local side ----

  Subscription subscribe(String topic) {
    Subscription s = new Subscription(topic, options.subscriberQueue(), this);
    boolean first;
    synchronized (this) {
      List<Subscription> list = subscriptions.computeIfAbsent(topic, t -> new ArrayList<>());
      first = list.isEmpty();
      list.add(s);
    }
    if (first) {
      announce(new PubsubCodec.SubOpt(true, topic));
      if (gossip != null) {
        synchronized (this) {
          if (subscriptions.containsKey(topic)) {
            gossip.join(topic);
          }
        }
      }
    }
    return s;
  }

  void unsubscribe(Subscription s) {
    boolean last = false;
    synchronized (this) {
      List<Subscription> list = subscriptions.get(s.topic());
      if (list != null && list.remove(s) && list.isEmpty()) {
        subscriptions.remove(s.topic());
        last = true;
        if (gossip != null) {
          gossip.leave(s.topic());
        }
      }
    }
    if (last) {
      announce(new PubsubCodec.SubOpt(false, s.topic()));
    }
  }

  synchronized List<String> topics() {
    return List.copyOf(new TreeSet<>(subscriptions.keySet()));
  }

  /** The peers this node exchanges pubsub messages with; with a topic, those subscribed to it. */
  synchronized List<PeerId> peers(Optional<String> topic) {
    TreeSet<PeerId> out = new TreeSet<>();
    peers.forEach(
        (p, s) -> {
          if (topic.isEmpty() || s.topics.contains(topic.get())) {
            out.add(p);
          }
        });
    return List.copyOf(out);
  }

  /**
   * Publishes {@code data} to {@code topic}: signed, validated by the topic's validator, delivered
   * to local subscribers and sent to the peers subscribed to it.
   *
   * @throws IllegalArgumentException if the message would be larger than the RPC limit, or the
   *     topic's validator does not accept it ({@code validation failed} when it rejects, {@code
   *     validation ignored} when it ignores, go-libp2p-pubsub's words)
   */
  PubsubMessage publish(String topic, byte[] data) {
    byte[] seq = ByteBuffer.allocate(8).putLong(seqno.incrementAndGet()).array();
    PubsubMessage unsigned = new PubsubMessage(self, data, seq, List.of(topic), null, null);
    byte[] signature = signer.sign(unsigned.signedBytes());
    byte[] key = self.publicKey().isPresent() ? null : signer.publicKeyProtobuf();
    PubsubMessage m = new PubsubMessage(self, data, seq, List.of(topic), signature, key);
    byte[] rpc = PubsubCodec.encode(List.of(), List.of(m));
    if (rpc.length > options.maxMessageSize()) {
      throw new IllegalArgumentException(
          "a message of "
              + data.length
              + " bytes is over the pubsub limit of "
              + options.maxMessageSize()
              + " bytes");
    }
    List<TopicValidator> validators = validation.of(m.topics());
    if (!validators.isEmpty()) {
      switch (Validation.run(validators, self, m)) {
        case REJECT -> throw new IllegalArgumentException("validation failed");
        case IGNORE -> throw new IllegalArgumentException("validation ignored");
        case ACCEPT -> {}
      }
    }
    synchronized (this) {
      seen.add(m.id());
      deliver(m);
      if (gossip != null) {
        gossip.cache(m, rpc);
      }
      forward(m, rpc, null);
    }
    published.incrementAndGet();
    return m;
  }

  // ---- peers ----

  /**
   * The peer's state, made if new; {@code opening} says whether the caller must open its stream.
   */
  synchronized PeerState peer(PeerId peer) {
    return peers.computeIfAbsent(peer, p -> new PeerState(options.peerQueueBytes()));
  }

  synchronized boolean knows(PeerId peer) {
    return peers.containsKey(peer);
  }

  /** Claims the opening of the peer's sending stream; false if it is open or being opened. */
  synchronized boolean claimOpening(PeerState state) {
    if (state.opening || state.outbox.attached() || state.outbox.isClosed()) {
      return false;
    }
    state.opening = true;
    return true;
  }

  /**
   * The sending stream to a peer opened: its protocol says which router the peer runs, and it is
   * told this node's topics first.
   */
  void opened(PeerId peer, PeerState state, io.cairn.retrieval.p2p.Stream stream) {
    List<PubsubCodec.SubOpt> hello = new ArrayList<>();
    synchronized (this) {
      state.protocol = stream.protocol();
      for (String t : subscriptions.keySet()) {
        hello.add(new PubsubCodec.SubOpt(true, t));
      }
      if (!hello.isEmpty()) {
        state.outbox.offer(PubsubCodec.encode(hello, List.of()));
      }
      if (gossip != null && peers.get(peer) == state) {
        for (String t : List.copyOf(state.topics)) {
          gossip.peerSubscribed(peer, t);
        }
      }
    }
    state.outbox.attach(stream);
  }

  /** The peer is gone (disconnected, or its sending stream closed): forget it. */
  void remove(PeerId peer, PeerState expected) {
    PeerState s;
    synchronized (this) {
      s = peers.get(peer);
      if (s == null || (expected != null && s != expected)) {
        return;
      }
      peers.remove(peer);
      if (gossip != null) {
        gossip.peerRemoved(peer);
      }
    }
    s.outbox.close();
  }

  /**
   * An RPC from {@code peer}: subscription changes, then messages, then gossipsub control.
   *
   * @return the topics the peer joined with it (newly subscribed)
   */
  List<String> onRpc(PeerId peer, PubsubCodec.Rpc rpc) {
    List<String> joined = new ArrayList<>(0);
    if (!rpc.subscriptions().isEmpty()) {
      synchronized (this) {
        PeerState s = peers.get(peer);
        if (s != null) {
          for (PubsubCodec.SubOpt o : rpc.subscriptions()) {
            if (!o.subscribe()) {
              s.topics.remove(o.topic());
              if (gossip != null) {
                gossip.peerUnsubscribed(peer, o.topic());
              }
            } else if (s.topics.size() < options.maxPeerTopics() && s.topics.add(o.topic())) {
              joined.add(o.topic());
              if (gossip != null) {
                gossip.peerSubscribed(peer, o.topic());
              }
            }
          }
        }
      }
    }
    for (int i = 0; i < rpc.invalid(); i++) {
      drop(PubsubStats.INVALID);
    }
    for (PubsubMessage m : rpc.messages()) {
      onMessage(peer, m);
    }
    if (gossip != null && !rpc.control().isEmpty()) {
      synchronized (this) {
        gossip.onControl(peer, rpc.control());
      }
    }
    return joined;
  }

  /** The gossipsub heartbeat (nothing with floodsub). */
  synchronized void heartbeat() {
    if (gossip != null) {
      gossip.heartbeat();
    }
  }

  /** The topic's gossipsub mesh (fanout when not joined); empty with floodsub. */
  synchronized List<PeerId> meshPeers(String topic) {
    return gossip == null ? List.of() : gossip.meshPeers(topic);
  }

  /** The gossipsub router, for tests; null with floodsub. */
  GossipRouter gossipRouter() {
    return gossip;
  }

  void onMessage(PeerId source, PubsubMessage m) {
    if (m.from().equals(self)) {
      drop(PubsubStats.SELF);
      return;
    }
    String id = m.id();
    synchronized (this) {
      if (seen.contains(id)) {
        drop(PubsubStats.DUPLICATE);
        return;
      }
    }
    List<TopicValidator> validators = validation.of(m.topics());
    if (validators.isEmpty()) {
      accept(source, m, null);
    } else if (!validation.submit(() -> accept(source, m, validators))) {
      drop(PubsubStats.VALIDATION_THROTTLED);
    }
  }

  /**
   * A message not seen when it arrived: checked, marked seen (so it is validated once, whatever the
   * verdict), validated when {@code validators} is not null, then delivered and sent on.
   */
  private void accept(PeerId source, PubsubMessage m, List<TopicValidator> validators) {
    String invalid = checkSignature(m);
    if (invalid != null) {
      drop(invalid);
      return;
    }
    String id = m.id();
    if (validators != null) {
      synchronized (this) {
        if (!seen.add(id)) {
          drop(PubsubStats.DUPLICATE);
          return;
        }
      }
      TopicValidator.Result verdict = Validation.run(validators, source, m);
      if (verdict != TopicValidator.Result.ACCEPT) {
        rejectedOrIgnored(source, verdict);
        return;
      }
    }
    byte[] rpc = PubsubCodec.encode(List.of(), List.of(m));
    synchronized (this) {
      if (validators == null && !seen.add(id)) {
        drop(PubsubStats.DUPLICATE);
        return;
      }
      received.incrementAndGet();
      deliver(m);
      if (gossip != null) {
        gossip.cache(m, rpc);
      }
      forward(m, rpc, source);
    }
  }

  private void rejectedOrIgnored(PeerId source, TopicValidator.Result verdict) {
    if (verdict == TopicValidator.Result.IGNORE) {
      drop(PubsubStats.VALIDATION_IGNORED);
      return;
    }
    drop(PubsubStats.VALIDATION_REJECTED);
    synchronized (this) {
      PeerState s = peers.get(source);
      if (s != null) {
        s.rejected++;
      }
    }
  }

  /** Null if {@code m} carries a valid signature by its author, else the drop reason. */
  static String checkSignature(PubsubMessage m) {
    if (m.signature() == null) {
      return PubsubStats.UNSIGNED;
    }
    try {
      byte[] key;
      if (m.key() != null) {
        if (!PeerId.fromPublicKey(m.key()).equals(m.from())) {
          return PubsubStats.BAD_SIGNATURE;
        }
        key = m.key();
      } else {
        Optional<byte[]> inlined = m.from().publicKey();
        if (inlined.isEmpty()) {
          return PubsubStats.BAD_SIGNATURE;
        }
        key = inlined.get();
      }
      return PeerId.verifySignature(key, m.signedBytes(), m.signature())
          ? null
          : PubsubStats.BAD_SIGNATURE;
    } catch (RuntimeException e) {
      return PubsubStats.BAD_SIGNATURE;
    }
  }

  /** Counts a peer dropped for breaking the protocol. */
  void peerDropped() {
    peersDropped.incrementAndGet();
    drop(PubsubStats.MALFORMED);
  }

  PubsubStats stats() {
    Map<String, Long> d = new TreeMap<>();
    dropped.forEach((k, v) -> d.put(k, v.get()));
    Map<String, Integer> mesh;
    Map<String, Long> control;
    Map<PeerId, Long> rejected = new TreeMap<>();
    synchronized (this) {
      mesh = gossip == null ? Map.of() : gossip.meshSizes();
      control = gossip == null ? Map.of() : new TreeMap<>(gossip.counters());
      peers.forEach(
          (p, s) -> {
            if (s.rejected > 0) {
              rejected.put(p, s.rejected);
            }
          });
    }
    return new PubsubStats(
        published.get(),
        received.get(),
        delivered.get(),
        forwarded.get(),
        Map.copyOf(d),
        peersDropped.get(),
        mesh,
        control,
        Map.copyOf(rejected));
  }

  synchronized int seenSize() {
    return seen.size();
  }

  // ---- under the lock ----

  private void deliver(PubsubMessage m) {
    for (String t : m.topics()) {
      List<Subscription> list = subscriptions.get(t);
      if (list != null) {
        for (Subscription s : list) {
          if (s.offer(m)) {
            delivered.incrementAndGet();
          } else {
            drop(PubsubStats.SUBSCRIBER_FULL);
          }
        }
      }
    }
  }

  private void forward(PubsubMessage m, byte[] rpc, PeerId source) {
    if (gossip != null) {
      for (PeerId p : gossip.targets(m)) {
        PeerState s = peers.get(p);
        if (s != null && !p.equals(source) && !p.equals(m.from())) {
          send(s, rpc);
        }
      }
      return;
    }
    for (Map.Entry<PeerId, PeerState> e : peers.entrySet()) {
      PeerId p = e.getKey();
      if (p.equals(source) || p.equals(m.from()) || !subscribed(e.getValue().topics, m.topics())) {
        continue;
      }
      send(e.getValue(), rpc);
    }
  }

  private void send(PeerState s, byte[] rpc) {
    if (s.outbox.offer(rpc)) {
      forwarded.incrementAndGet();
    } else {
      drop(PubsubStats.PEER_QUEUE_FULL);
    }
  }

  private static boolean subscribed(Set<String> peerTopics, Collection<String> topics) {
    for (String t : topics) {
      if (peerTopics.contains(t)) {
        return true;
      }
    }
    return false;
  }

  private void announce(PubsubCodec.SubOpt change) {
    byte[] rpc = PubsubCodec.encode(List.of(change), List.of());
    synchronized (this) {
      for (PeerState s : peers.values()) {
        if (!s.outbox.offer(rpc)) {
          drop(PubsubStats.PEER_QUEUE_FULL);
        }
      }
    }
  }

  private void drop(String reason) {
    dropped.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
  }
}
