package io.cairn.retrieval.p2p.pubsub;

import io.cairn.retrieval.ipns.Signer;
import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.Host;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.storage.PeerId;
import io.cairn.storage.Service;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publish-subscribe over a libp2p {@link Host}, with the router {@link PubsubOptions#router()}
 * names. Messages are signed with the host's key and every received one must be signed by its
 * author (StrictSign). This node opens one stream to each connected peer that announces one of its
 * protocols through Identify (or opens such a stream to it) and tells it the topics it subscribes
 * to. The floodsub router ({@code /floodsub/1.0.0}) sends each new message to every peer subscribed
 * to its topic; the gossipsub router ({@code /meshsub/1.1.0}, {@code /meshsub/1.0.0}, and floodsub
 * with floodsub peers) keeps a mesh per topic, with a heartbeat every {@link
 * GossipsubOptions#heartbeat()}. A topic may have a {@link TopicValidator}, which decides on each
 * of its messages before either router delivers or forwards it.
 */
public final class Pubsub implements Service {
  public static final String FLOODSUB = "/floodsub/1.0.0";
  public static final String MESHSUB_11 = "/meshsub/1.1.0";
  public static final String MESHSUB_10 = "/meshsub/1.0.0";
  private static final Logger LOG = LoggerFactory.getLogger(Pubsub.class);

  private final Host host;
  private final PubsubEngine engine;
  private final List<String> protocols;
  private final List<BiConsumer<String, PeerId>> joinListeners = new CopyOnWriteArrayList<>();
  private ScheduledExecutorService heartbeat;
  private boolean registered;
  private volatile boolean started;

  /**
   * @param signer the host's own key (its peer ID must be the host's)
   */
  public Pubsub(Host host, Signer signer, PubsubOptions options) {
    this.host = Objects.requireNonNull(host, "host");
    Objects.requireNonNull(signer, "signer");
    if (!PeerId.fromPublicKey(signer.publicKeyProtobuf()).equals(host.self())) {
      throw new IllegalArgumentException("the pubsub signer's key is not the host's");
    }
    this.engine = new PubsubEngine(host.self(), signer, options, System::nanoTime);
    this.protocols =
        options.router() == PubsubOptions.Router.GOSSIPSUB
            ? List.of(MESHSUB_11, MESHSUB_10, FLOODSUB)
            : List.of(FLOODSUB);
  }

  /** The protocols this router speaks, the preferred first. */
  List<String> protocols() {
    return protocols;
  }

  @Override
  public String name() {
    return "pubsub";
  }

  /** Registers the protocol and opens streams to the connected peers that speak it. */
  @Override
  public synchronized void start() {
    if (started) {
      return;
    }
    if (!registered) {
      registered = true;
      host.register(new PubsubBinding(this));
      host.addListener(
          new Host.ConnectionListener() {
            @Override
            public void connected(Connection connection) {
              openIfSupported(connection.remotePeer());
            }

            @Override
            public void disconnected(Connection connection) {
              PeerId peer = connection.remotePeer();
              if (host.connection(peer).filter(c -> c != connection && c.isOpen()).isEmpty()) {
                engine.remove(peer, null);
              }
            }
          });
      host.peerStore().addProtocolListener((peer, protocols) -> openIfSupported(peer, protocols));
    }
    started = true;
    if (engine.gossipsub()) {
      heartbeat =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "pubsub-heartbeat");
                t.setDaemon(true);
                return t;
              });
      long every = engine.options().gossipsub().heartbeat().toNanos();
      heartbeat.scheduleAtFixedRate(
          this::beat,
          Math.min(every, TimeUnit.MILLISECONDS.toNanos(100)),
          every,
          TimeUnit.NANOSECONDS);
    }
    for (Connection c : host.connections()) {
      openIfSupported(c.remotePeer());
    }
  }

  /** Stops following peers and forgets them; subscriptions stay until closed. */
  @Override
  public synchronized void stop() {
    started = false;
    if (heartbeat != null) {
      heartbeat.shutdownNow();
      heartbeat = null;
    }
    for (PeerId p : engine.peers(Optional.empty())) {
      engine.remove(p, null);
    }
  }

  /** Subscribes to {@code topic}; close the subscription to leave. */
  public Subscription subscribe(String topic) {
    return engine.subscribe(Objects.requireNonNull(topic, "topic"));
  }

  /**
   * Publishes {@code data} to {@code topic}.
   *
   * @throws IllegalArgumentException if the message is over the size limit
   */
  public PubsubMessage publish(String topic, byte[] data) {
    return engine.publish(Objects.requireNonNull(topic, "topic"), data);
  }

  /**
   * Registers the validator of {@code topic}'s messages, received and published (go-libp2p-pubsub's
   * {@code RegisterTopicValidator}); see {@link TopicValidator}.
   *
   * @throws IllegalArgumentException if the topic has a validator already
   */
  public void registerTopicValidator(String topic, TopicValidator validator) {
    engine
        .validation()
        .register(
            Objects.requireNonNull(topic, "topic"), Objects.requireNonNull(validator, "validator"));
  }

  /** Removes the validator of {@code topic}; false if it had none. */
  public boolean unregisterTopicValidator(String topic) {
    return engine.validation().unregister(Objects.requireNonNull(topic, "topic"));
  }

  /**
   * Calls {@code listener} with a topic and a peer whenever the peer subscribes to the topic
   * (go-libp2p-pubsub's {@code PeerJoin} event), every topic and not only this node's. It runs on a
   * network thread: it must not block.
   */
  public void onPeerJoin(BiConsumer<String, PeerId> listener) {
    joinListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Stops calling {@code listener} (the same object given to {@link #onPeerJoin}); false if not.
   */
  public boolean removePeerJoinListener(BiConsumer<String, PeerId> listener) {
    return joinListeners.remove(listener);
  }

  /** This node's peer ID, the author of the messages it publishes. */
  public PeerId self() {
    return host.self();
  }

  /** The topics this node subscribes to, sorted. */
  public List<String> topics() {
    return engine.topics();
  }

  /** The peers this node exchanges pubsub messages with; with a topic, those subscribed to it. */
  public List<PeerId> peers(Optional<String> topic) {
    return engine.peers(topic);
  }

  public PubsubStats stats() {
    return engine.stats();
  }

  /**
   * With gossipsub, the peers in this node's mesh for {@code topic} (its fanout peers when it is
   * not joined); empty with floodsub.
   */
  public List<PeerId> meshPeers(String topic) {
    return engine.meshPeers(Objects.requireNonNull(topic, "topic"));
  }

  private void beat() {
    try {
      engine.heartbeat();
    } catch (RuntimeException e) {
      LOG.warn("pubsub heartbeat failed", e);
    }
  }

  PubsubEngine engine() {
    return engine;
  }

  // ---- from the stream handlers and the host ----

  /**
   * An RPC from a peer. A peer that sends one is sent to as well: its stream is opened again if it
   * closed meanwhile (the peer reset it) while the peer still sends.
   */
  void onRpc(PeerId peer, PubsubCodec.Rpc rpc) {
    if (started) {
      open(peer);
      for (String topic : engine.onRpc(peer, rpc)) {
        for (BiConsumer<String, PeerId> l : joinListeners) {
          try {
            l.accept(topic, peer);
          } catch (RuntimeException e) {
            LOG.warn("pubsub: a peer join listener failed", e);
          }
        }
      }
    }
  }

  /** A peer opened a pubsub stream to this node: it speaks pubsub, so send to it too. */
  void inbound(PeerId peer) {
    if (started) {
      open(peer);
    }
  }

  void writable(PeerId peer) {
    if (engine.knows(peer)) {
      engine.peer(peer).outbox.writable();
    }
  }

  /** Disconnects a peer that broke the protocol, and counts it. */
  void drop(PeerId peer, String why) {
    LOG.warn("pubsub: dropping peer {}: it {}", peer, why);
    engine.peerDropped();
    engine.remove(peer, null);
    host.disconnect(peer)
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                LOG.debug("pubsub: disconnecting {} failed: {}", peer, e.toString());
              }
            });
  }

  private void openIfSupported(PeerId peer) {
    openIfSupported(peer, host.peerStore().protocols(peer));
  }

  private void openIfSupported(PeerId peer, Set<String> protocols) {
    if (started
        && protocols.stream().anyMatch(this.protocols::contains)
        && host.connection(peer).isPresent()) {
      open(peer);
    }
  }

  private void open(PeerId peer) {
    PubsubEngine.PeerState state = engine.peer(peer);
    if (!engine.claimOpening(state)) {
      return;
    }
    host.newStream(peer, protocols)
        .whenComplete(
            (stream, error) -> {
              if (error != null) {
                LOG.debug("pubsub: no stream to {}: {}", peer, error.toString());
                engine.remove(peer, state);
                return;
              }
              opened(peer, state, stream);
            });
  }

  private void opened(PeerId peer, PubsubEngine.PeerState state, Stream stream) {
    stream.channel().closeFuture().addListener(f -> engine.remove(peer, state));
    engine.opened(peer, state, stream);
  }
}
