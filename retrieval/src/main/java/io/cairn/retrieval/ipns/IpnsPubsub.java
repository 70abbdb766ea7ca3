package io.cairn.retrieval.ipns;

import io.cairn.retrieval.p2p.fetch.Fetch;
import io.cairn.retrieval.p2p.pubsub.Pubsub;
import io.cairn.retrieval.p2p.pubsub.PubsubMessage;
import io.cairn.retrieval.p2p.pubsub.Subscription;
import io.cairn.retrieval.p2p.pubsub.TopicValidator;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IPNS over pubsub (ipfs/specs {@code IPNS_PUBSUB.md}), the value store Kubo runs with {@code
 * Ipns.UsePubsub}: a name's records travel on the topic {@code /record/} + base64url(routing key),
 * as the marshalled record; peers subscribed to it answer fetch ({@code /libp2p/fetch/0.0.1})
 * requests for the routing key with the latest record they hold.
 *
 * <p>{@link #put} keeps a record as the name's latest, subscribes to its topic and publishes it.
 * {@link #get} subscribes the first time (so later records arrive as messages); while no record is
 * held it fetches from the topic's current peers, the first valid answer ending the wait. Every
 * record received, by message or by fetch, is validated against the topic's name before it is kept;
 * a record fetched that is newer than the one held is published on the topic again, as Helia does.
 * {@link #cancel} leaves a topic.
 *
 * <p>As go-libp2p-pubsub-router: each followed topic has a pubsub validator, so a message whose
 * record is not a valid record of the topic's name is rejected and one whose record is not better
 * than the one held is ignored (unless this node publishes it), neither delivered nor forwarded;
 * when a peer joins a followed topic (and for each peer on it when this node starts following it)
 * its record is fetched ({@link JoinFetches} bounds that work); and every {@link
 * Options#rebroadcastInterval()} the record held of each followed name is published again, so a
 * peer that missed a message still gets the record.
 */
public final class IpnsPubsub implements AutoCloseable {
  /** The topic prefix of records (go-libp2p-pubsub-router's and Helia's). */
  public static final String TOPIC_PREFIX = "/record/";

  private static final String IPNS_PREFIX = "/ipns/";
  private static final Logger LOG = LoggerFactory.getLogger(IpnsPubsub.class);

  /**
   * @param maxNames how many names' records are held and how many topics followed at most (the
   *     least recently used go first); also how many fetches for joining peers may wait
   * @param fetchTimeout how long one fetch from a topic peer may take (Helia's 2.5 s)
   * @param rebroadcastDelay how long after start the rebroadcasts begin (go-libp2p-pubsub-router's
   *     100 ms; the first comes one interval after that)
   * @param rebroadcastInterval how often the records held of the followed names are published again
   *     (a minute, as Kubo sets it; go-libp2p-pubsub-router's own default is 10 minutes)
   */
  public record Options(
      int maxNames,
      Duration fetchTimeout,
      Duration rebroadcastDelay,
      Duration rebroadcastInterval) {
    public static final Duration DEFAULT_REBROADCAST_DELAY = Duration.ofMillis(100);
    public static final Duration DEFAULT_REBROADCAST_INTERVAL = Duration.ofMinutes(1);
    public static final Options DEFAULTS = new Options(1024, Duration.ofMillis(2500));

    public Options {
      if (maxNames < 1) {
        throw new IllegalArgumentException("maxNames must be at least 1, not " + maxNames);
      }
      positive("fetchTimeout", fetchTimeout);
      positive("rebroadcastInterval", rebroadcastInterval);
      if (rebroadcastDelay.isNegative()) {
        throw new IllegalArgumentException("rebroadcastDelay must not be negative");
      }
    }

    /** With the default rebroadcast delay and interval. */
    public Options(int maxNames, Duration fetchTimeout) {
      this(maxNames, fetchTimeout, DEFAULT_REBROADCAST_DELAY, DEFAULT_REBROADCAST_INTERVAL);
    }

    public Options withRebroadcast(Duration delay, Duration interval) {
      return new Options(maxNames, fetchTimeout, delay, interval);
    }

    private static void positive(String what, Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, not " + d);
      }
    }
  }

  /** Fetches at a time for joining peers (Helia's {@code fetchConcurrency}). */
  private static final int JOIN_FETCH_CONCURRENCY = 8;

  private final Pubsub pubsub;
  private final Fetch fetch;
  private final Options options;
  private final InstantSource clock;
  private final HeldRecords held;
  private final Map<PeerId, Subscription> subscriptions = new LinkedHashMap<>();
  private final Map<String, PeerId> followed = new HashMap<>();
  private final List<Consumer<PeerId>> listeners = new CopyOnWriteArrayList<>();
  private final JoinFetches joinFetches;
  private final BiConsumer<String, PeerId> joinListener = this::peerJoined;
  private final ScheduledExecutorService rebroadcasts;
  private volatile boolean closed;

  /**
   * Serves the held records through {@code fetch} under {@code /ipns/}, follows peers joining the
   * topics and starts the rebroadcasts.
   */
  public IpnsPubsub(Pubsub pubsub, Fetch fetch, InstantSource clock, Options options) {
    this.pubsub = pubsub;
    this.fetch = fetch;
    this.options = options;
    this.clock = clock;
    this.held = new HeldRecords(options.maxNames(), clock);
    this.joinFetches = new JoinFetches(JOIN_FETCH_CONCURRENCY, options.maxNames(), this::fetchFrom);
    fetch.register(IPNS_PREFIX, this::lookup);
    pubsub.onPeerJoin(joinListener);
    this.rebroadcasts =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ipns-pubsub-rebroadcast");
              t.setDaemon(true);
              return t;
            });
    long every = options.rebroadcastInterval().toMillis();
    rebroadcasts.scheduleWithFixedDelay(
        this::rebroadcast,
        options.rebroadcastDelay().toMillis() + every,
        every,
        TimeUnit.MILLISECONDS);
  }

  /**
   * The topic of a name's records: {@code /record/} + base64url (no padding) of its routing key.
   */
  public static String topic(PeerId name) {
    return TOPIC_PREFIX
        + Base64.getUrlEncoder().withoutPadding().encodeToString(IpnsRecord.routingKey(name));
  }

  /** Calls {@code listener} with a name whenever a better record of it is held. */
  public void onUpdate(Consumer<PeerId> listener) {
    listeners.add(listener);
  }

  /**
   * Keeps {@code record} as the latest of {@code name} unless a better one is held, follows the
   * name's topic and publishes the record on it (not when a better one is held, as
   * go-libp2p-pubsub-router).
   *
   * @throws IpnsException if the record is not a valid record of {@code name}
   */
  public void put(PeerId name, IpnsRecord record) {
    keep(name, record);
    if (subscribe(name)) {
      fetchFromTopicPeers(name);
    }
    if (held.get(name).filter(record::equals).isPresent()) {
      pubsub.publish(topic(name), record.bytes());
    }
  }

  /**
   * The best record held of {@code name}: follows its topic from now on, and while none is held,
   * first fetches from the peers subscribed to the topic (the first valid answer, or all failing,
   * ends the wait).
   */
  public CompletableFuture<Optional<IpnsRecord>> get(PeerId name) {
    boolean joined = subscribe(name);
    Optional<IpnsRecord> now = held.get(name);
    List<PeerId> peers = pubsub.peers(Optional.of(topic(name)));
    if (now.isPresent() || peers.isEmpty()) {
      if (joined) {
        fetchFromTopicPeers(name);
      }
      return CompletableFuture.completedFuture(now);
    }
    CompletableFuture<Optional<IpnsRecord>> first = new CompletableFuture<>();
    AtomicInteger left = new AtomicInteger(peers.size());
    byte[] key = IpnsRecord.routingKey(name);
    for (PeerId peer : peers) {
      fetch
          .fetch(peer, key, options.fetchTimeout(), IpnsRecord.MAX_SIZE)
          .whenComplete(
              (value, error) -> {
                if (error != null) {
                  LOG.debug(
                      "No IPNS record of {} fetched from {}: {}", name, peer, error.toString());
                } else if (value.isPresent() && fetched(name, peer, value.get())) {
                  first.complete(held.get(name));
                }
                if (left.decrementAndGet() == 0) {
                  first.complete(held.get(name));
                }
              });
    }
    return first;
  }

  /** The names whose topics this node follows, oldest first. */
  public synchronized List<PeerId> subscriptions() {
    return new ArrayList<>(subscriptions.keySet());
  }

  /** Stops following {@code name}'s topic; false if it was not followed. */
  public boolean cancel(PeerId name) {
    Subscription s;
    synchronized (this) {
      s = subscriptions.remove(name);
      if (s != null) {
        followed.remove(topic(name));
      }
    }
    if (s == null) {
      return false;
    }
    leave(s);
    return true;
  }

  /** Leaves every topic, stops serving fetch requests and stops the rebroadcasts. */
  @Override
  public void close() {
    closed = true;
    rebroadcasts.shutdownNow();
    pubsub.removePeerJoinListener(joinListener);
    joinFetches.close();
    fetch.unregister(IPNS_PREFIX);
    for (PeerId name : subscriptions()) {
      cancel(name);
    }
  }

  /** The best record held of {@code name}, without following or fetching; for tests. */
  Optional<IpnsRecord> held(PeerId name) {
    return held.get(name);
  }

  /** Joins dropped because too many fetches for joining peers waited. */
  long joinFetchesDropped() {
    return joinFetches.dropped();
  }

  /** What fetch answers for a routing key: the record held, if any. */
  private Optional<byte[]> lookup(byte[] routingKey) {
    return held.get(IpnsRecord.nameOfRoutingKey(routingKey)).map(IpnsRecord::bytes);
  }

  /**
   * Follows the topic of {@code name} if not yet, validating its messages and reading them on a
   * virtual thread; whether it was not followed yet.
   */
  private boolean subscribe(PeerId name) {
    Subscription evicted = null;
    synchronized (this) {
      if (closed || subscriptions.containsKey(name)) {
        return false;
      }
      String topic = topic(name);
      try {
        pubsub.registerTopicValidator(topic, (from, m) -> validate(name, from, m));
      } catch (IllegalArgumentException e) {
        // another user of this pubsub validates the topic already
        LOG.debug("IPNS over pubsub: {}", e.getMessage());
      }
      Subscription s = pubsub.subscribe(topic);
      subscriptions.put(name, s);
      followed.put(topic, name);
      if (subscriptions.size() > options.maxNames()) {
        Iterator<Subscription> eldest = subscriptions.values().iterator();
        evicted = eldest.next();
        eldest.remove();
        followed.remove(evicted.topic());
      }
      Thread.ofVirtual().name("ipns-pubsub-" + name).start(() -> read(name, s));
    }
    if (evicted != null) {
      leave(evicted);
    }
    return true;
  }

  private void leave(Subscription s) {
    pubsub.unregisterTopicValidator(s.topic());
    s.close();
  }

  /**
   * The topic validator (go-libp2p-pubsub-router's): a record that is not a valid record of the
   * name now is rejected; one better than the record held is accepted, and so is the one held when
   * this node publishes it again; any other is ignored.
   */
  private TopicValidator.Result validate(PeerId name, PeerId from, PubsubMessage m) {
    IpnsRecord record;
    try {
      record = IpnsRecord.decode(m.data());
      record.validate(name, clock.instant());
    } catch (IpnsException | IllegalArgumentException e) {
      LOG.debug("Rejected an IPNS record of {} from {}: {}", name, from, e.getMessage());
      return TopicValidator.Result.REJECT;
    }
    Optional<IpnsRecord> now = held.get(name);
    int cmp = now.isEmpty() ? 1 : IpnsRecord.compare(record, now.get());
    return cmp > 0 || (cmp == 0 && from.equals(pubsub.self()))
        ? TopicValidator.Result.ACCEPT
        : TopicValidator.Result.IGNORE;
  }

  /** A peer joined a topic: when it is a followed name's, its record is fetched from the peer. */
  private void peerJoined(String topic, PeerId peer) {
    PeerId name;
    synchronized (this) {
      name = followed.get(topic);
    }
    if (name != null) {
      joinFetches.add(name, peer);
    }
  }

  /**
   * This node started following {@code name}: its record is fetched from each peer on the topic.
   */
  private void fetchFromTopicPeers(PeerId name) {
    for (PeerId peer : pubsub.peers(Optional.of(topic(name)))) {
      joinFetches.add(name, peer);
    }
  }

  /** One fetch for a joining peer: the record, if any, is kept when valid and better. */
  private CompletableFuture<?> fetchFrom(PeerId name, PeerId peer) {
    synchronized (this) {
      if (!subscriptions.containsKey(name)) {
        return CompletableFuture.completedFuture(null);
      }
    }
    return fetch
        .fetch(peer, IpnsRecord.routingKey(name), options.fetchTimeout(), IpnsRecord.MAX_SIZE)
        .handle(
            (value, error) -> {
              if (error != null) {
                LOG.debug("No IPNS record of {} fetched from {}: {}", name, peer, error.toString());
              } else if (value.isPresent()) {
                fetched(name, peer, value.get());
              }
              return null;
            });
  }

  /** Publishes again the record held of each followed name (go-libp2p-pubsub-router's). */
  private void rebroadcast() {
    for (PeerId name : subscriptions()) {
      Optional<IpnsRecord> record = held.get(name);
      if (closed) {
        return;
      }
      if (record.isPresent()) {
        try {
          pubsub.publish(topic(name), record.get().bytes());
        } catch (RuntimeException e) {
          LOG.debug("Rebroadcasting the record of {} failed: {}", name, e.toString());
        }
      }
    }
  }

  private void read(PeerId name, Subscription s) {
    try {
      while (!s.isClosed()) {
        PubsubMessage m = s.next(Duration.ofSeconds(1));
        if (m != null) {
          received(name, m);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void received(PeerId name, PubsubMessage m) {
    try {
      keep(name, IpnsRecord.decode(m.data()));
    } catch (IpnsException | IllegalArgumentException e) {
      LOG.debug("Dropped an IPNS record of {} from {}: {}", name, m.from(), e.getMessage());
    }
  }

  /**
   * A record fetched from {@code peer}: kept and published again if newer; whether it was valid.
   */
  private boolean fetched(PeerId name, PeerId peer, byte[] value) {
    IpnsRecord record;
    HeldRecords.Outcome outcome;
    try {
      record = IpnsRecord.decode(value);
      outcome = keep(name, record);
    } catch (IpnsException | IllegalArgumentException e) {
      LOG.debug("{} answered a fetch of {} with a bad record: {}", peer, name, e.getMessage());
      return false;
    }
    if (outcome == HeldRecords.Outcome.NEWER) {
      try {
        pubsub.publish(topic(name), record.bytes());
      } catch (RuntimeException e) {
        LOG.debug("Publishing the fetched record of {} failed: {}", name, e.toString());
      }
    }
    return true;
  }

  private HeldRecords.Outcome keep(PeerId name, IpnsRecord record) {
    HeldRecords.Outcome outcome = held.offer(name, record);
    if (outcome == HeldRecords.Outcome.NEWER) {
      for (Consumer<PeerId> l : listeners) {
        l.accept(name);
      }
    }
    return outcome;
  }
}
