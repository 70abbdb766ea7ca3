package io.cairn.retrieval.ipns;

import io.cairn.retrieval.p2p.fetch.Fetch;
import io.cairn.retrieval.p2p.pubsub.Pubsub;
import io.cairn.retrieval.p2p.pubsub.PubsubMessage;
import io.cairn.retrieval.p2p.pubsub.Subscription;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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
 * a record fetched that is newer than the one held is published on the topic again, as
 * go-libp2p-pubsub-router and Helia do. {@link #cancel} leaves a topic.
 */
public final class IpnsPubsub implements AutoCloseable {
  /** The topic prefix of records (go-libp2p-pubsub-router's and Helia's). */
  public static final String TOPIC_PREFIX = "/record/";

  private static final String IPNS_PREFIX = "/ipns/";
  private static final Logger LOG = LoggerFactory.getLogger(IpnsPubsub.class);

  /**
   * @param maxNames how many names' records are held and how many topics followed at most (the
   *     least recently used go first)
   * @param fetchTimeout how long one fetch from a topic peer may take (Helia's 2.5 s)
   */
  public record Options(int maxNames, Duration fetchTimeout) {
    public static final Options DEFAULTS = new Options(1024, Duration.ofMillis(2500));

    public Options {
      if (maxNames < 1) {
        throw new IllegalArgumentException("maxNames must be at least 1, not " + maxNames);
      }
      if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
        throw new IllegalArgumentException("fetchTimeout must be positive, not " + fetchTimeout);
      }
    }
  }

  private final Pubsub pubsub;
  private final Fetch fetch;
  private final Options options;
  private final HeldRecords held;
  private final Map<PeerId, Subscription> subscriptions = new LinkedHashMap<>();
  private final List<Consumer<PeerId>> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /** Serves the held records through {@code fetch} under {@code /ipns/}. */
  public IpnsPubsub(Pubsub pubsub, Fetch fetch, InstantSource clock, Options options) {
    this.pubsub = pubsub;
    this.fetch = fetch;
    this.options = options;
    this.held = new HeldRecords(options.maxNames(), clock);
    fetch.register(IPNS_PREFIX, this::lookup);
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
   * Keeps {@code record} as the latest of {@code name} (unless a better one is held), follows the
   * name's topic and publishes the record on it.
   *
   * @throws IpnsException if the record is not a valid record of {@code name}
   */
  public void put(PeerId name, IpnsRecord record) {
    keep(name, record);
    subscribe(name);
    pubsub.publish(topic(name), record.bytes());
  }

  /**
   * The best record held of {@code name}: follows its topic from now on, and while none is held,
   * first fetches from the peers subscribed to the topic (the first valid answer, or all failing,
   * ends the wait).
   */
  public CompletableFuture<Optional<IpnsRecord>> get(PeerId name) {
    subscribe(name);
    Optional<IpnsRecord> now = held.get(name);
    List<PeerId> peers = pubsub.peers(Optional.of(topic(name)));
    if (now.isPresent() || peers.isEmpty()) {
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
    }
    if (s == null) {
      return false;
    }
    s.close();
    return true;
  }

  /** Leaves every topic and stops serving fetch requests. */
  @Override
  public void close() {
    closed = true;
    fetch.unregister(IPNS_PREFIX);
    for (PeerId name : subscriptions()) {
      cancel(name);
    }
  }

  /** What fetch answers for a routing key: the record held, if any. */
  private Optional<byte[]> lookup(byte[] routingKey) {
    return held.get(IpnsRecord.nameOfRoutingKey(routingKey)).map(IpnsRecord::bytes);
  }

  /** Follows the topic of {@code name} if not yet, reading its messages on a virtual thread. */
  private void subscribe(PeerId name) {
    Subscription evicted = null;
    synchronized (this) {
      if (closed || subscriptions.containsKey(name)) {
        return;
      }
      Subscription s = pubsub.subscribe(topic(name));
      subscriptions.put(name, s);
      if (subscriptions.size() > options.maxNames()) {
        Iterator<Subscription> eldest = subscriptions.values().iterator();
        evicted = eldest.next();
        eldest.remove();
      }
      Thread.ofVirtual().name("ipns-pubsub-" + name).start(() -> read(name, s));
    }
    if (evicted != null) {
      evicted.close();
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
