package io.cairn.retrieval.p2p.kad;

import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.Host;
import io.cairn.storage.KeyValueTable;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.Multihash;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kademlia DHT, client and server, on the protocol and with the filters of its {@link KadScope}
 * (the WAN or the LAN DHT of {@link Kademlia}): this node answers FIND_NODE, GET_PROVIDERS,
 * ADD_PROVIDER, GET_VALUE, PUT_VALUE and PING, finds peers and providers with iterative lookups,
 * and announces what it provides, reproviding it as a sweep of the keyspace. Provider records and
 * the reprovide schedule live in the node's storage.
 */
final class KadDht {
  /** How often the routing table is refreshed with a lookup of this node's own ID. */
  static final Duration REFRESH_PERIOD = Duration.ofMinutes(10);

  /** How often expired provider records are deleted. */
  static final Duration PROVIDER_SWEEP_PERIOD = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(Kademlia.class);

  private final Host host;
  private final KadOptions options;
  private final KadEngine engine;
  private final KadQueries queries;
  private final Lookups lookups;
  private final SweepReprovider reprovider;
  private final ValueQueries values;
  private final ScheduledExecutorService scheduler;
  private final InstantSource clock;
  private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
  private boolean started;
  private volatile Instant lastRefresh;

  private final ProvideQueue queue;
  private volatile Instant startedAt;
  private volatile boolean stopped;
  private volatile boolean everOnline;

  /**
   * A DHT for {@code host} with the rules of {@code scope}; {@code values} and {@code validators}
   * may be shared with the other DHT of the node (one value store, as Kubo's two DHTs share their
   * datastore).
   */
  KadDht(
      Host host,
      KadScope scope,
      KeyValueTable providerTable,
      KeyValueTable provideKeys,
      KeyValueTable schedule,
      ValueStore values,
      Validators validators,
      KadOptions options,
      InstantSource clock) {
    this.host = host;
    this.options = options;
    this.clock = clock;
    this.engine =
        new KadEngine(
            host,
            scope,
            new RoutingTable(host.self(), clock),
            new ProviderStore(providerTable, clock),
            values,
            this::providedHere);
    this.queries = new KadQueries(engine, options.queryTimeout());
    this.lookups = new Lookups(engine, queries, options.alpha());
    this.values = new ValueQueries(engine, lookups, validators);
    String thread = "kad-" + scope.name() + "-scheduler";
    this.reprovider =
        new SweepReprovider(
            engine,
            lookups,
            provideKeys,
            schedule,
            clock,
            options.regionBits(),
            options.reprovideInterval());
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, thread);
              t.setDaemon(true);
              return t;
            });
    this.queue = new ProvideQueue(reprovider, scheduler, () -> engine.table().size() > 0);
    // A client's binding takes no inbound streams: Identify then does not list the protocol, so
    // peers keep it out of their tables, and a query sent to it anyway is refused by
    // multistream-select.
    host.register(new KadBinding(engine, scheduler, options.server()));
    // A peer enters the table when it announces the kad protocol: through Identify, which runs on
    // every connection (the listener below), or already known from an earlier connection (here).
    // A peer that answers one of this node's queries is let in too (KadEngine.answered).
    host.addListener(
        new Host.ConnectionListener() {
          @Override
          public void connected(Connection connection) {
            engine.consider(connection.remotePeer());
          }
        });
    host.peerStore()
        .addProtocolListener(
            (peer, protocols) -> {
              if (protocols.contains(scope.protocolId())) {
                engine.consider(peer);
              }
            });
  }

  private boolean providedHere(Multihash mh) {
    return reprovider.provides(mh);
  }

  KadEngine engine() {
    return engine;
  }

  Lookups lookups() {
    return lookups;
  }

  /**
   * Starts the provider-record sweep, the reprovide schedule and a routing-table refresh every 10
   * minutes (the bootstrap again: the configured peers and a lookup of this node's own ID), and
   * bootstraps.
   */
  synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    startedAt = clock.instant();
    long period = PROVIDER_SWEEP_PERIOD.toMillis();
    tasks.add(
        scheduler.scheduleAtFixedRate(
            () -> {
              engine.providers().sweep();
              engine.values().sweep();
            },
            period,
            period,
            TimeUnit.MILLISECONDS));
    long refresh = REFRESH_PERIOD.toMillis();
    tasks.add(
        scheduler.scheduleAtFixedRate(
            () ->
                bootstrap()
                    .whenComplete(
                        (n, e) -> {
                          if (e != null) {
                            LOG.debug("DHT refresh failed: {}", e.getMessage());
                          }
                        }),
            refresh,
            refresh,
            TimeUnit.MILLISECONDS));
    scheduleNextRegion();
    bootstrap()
        .whenComplete(
            (n, e) -> {
              if (e != null) {
                LOG.warn("DHT bootstrap failed: {}", e.getMessage());
              }
            });
  }

  synchronized void stop() {
    started = false;
    stopped = true;
    tasks.forEach(t -> t.cancel(false));
    tasks.clear();
    scheduler.shutdownNow();
  }

  private synchronized void scheduleNextRegion() {
    if (!started) {
      return;
    }
    long delay = Math.max(0, reprovider.nextDue().toEpochMilli() - clock.millis());
    tasks.removeIf(ScheduledFuture::isDone);
    tasks.add(
        scheduler.schedule(
            () -> reprovider.reprovideNextRegion().whenComplete((n, e) -> scheduleNextRegion()),
            delay,
            TimeUnit.MILLISECONDS));
  }

  /**
   * Connects to the configured bootstrap peers and looks up this node's own ID, which fills the
   * routing table.
   *
   * @return the number of peers in the routing table afterwards
   */
  CompletableFuture<Integer> bootstrap() {
    List<CompletableFuture<PeerId>> dials = new ArrayList<>();
    for (Multiaddr a : options.bootstrapPeers()) {
      PeerId peer = PeerId.fromMultihash(a.peerId().orElseThrow());
      dials.add(
          host.connect(peer, List.of(KadOptions.transportPart(a)))
              .handle(
                  (c, e) -> {
                    if (e != null) {
                      LOG.info("DHT bootstrap peer {} unreachable: {}", a, e.getMessage());
                      return null;
                    }
                    return peer;
                  }));
    }
    return CompletableFuture.allOf(dials.toArray(CompletableFuture[]::new))
        .thenCompose(
            v -> {
              List<PeerId> reached = new ArrayList<>();
              dials.forEach(d -> Optional.ofNullable(d.join()).ifPresent(reached::add));
              return lookups.run(
                  KadMessage.Type.FIND_NODE, host.self().bytes(), reached, m -> false, -1, 0);
            })
        .thenApply(
            peers -> {
              lastRefresh = clock.instant();
              connectivity();
              return engine.table().size();
            });
  }

  /** Finds a peer's addresses: those known locally, else through a lookup. */
  CompletableFuture<Optional<Kademlia.PeerInfo>> findPeer(PeerId peer) {
    if (host.connection(peer).isPresent()) {
      return CompletableFuture.completedFuture(
          Optional.of(new Kademlia.PeerInfo(peer, host.peerStore().addresses(peer))));
    }
    CompletableFuture<List<PeerId>> lookup =
        lookups.run(
            KadMessage.Type.FIND_NODE,
            peer.bytes(),
            List.of(),
            m ->
                m.closerPeers().stream().anyMatch(p -> p.id().equals(peer) && !p.addrs().isEmpty()),
            -1,
            0);
    return Lookups.cancelling(
        lookup,
        lookup.thenApply(
            answered -> {
              List<Multiaddr> addrs = host.peerStore().addresses(peer);
              return addrs.isEmpty()
                  ? Optional.<Kademlia.PeerInfo>empty()
                  : Optional.of(new Kademlia.PeerInfo(peer, addrs));
            }));
  }

  /**
   * The k peers closest to {@code key} that answered a lookup, closest first, as
   * go-libp2p-kad-dht's {@code GetClosestPeers} (the target is sha256(key)); {@code listener} hears
   * of each query as it goes. Cancelling the returned future stops the lookup.
   */
  CompletableFuture<List<PeerId>> closestPeers(byte[] key, QueryListener listener) {
    return lookups.closestPeers(key, listener);
  }

  /**
   * Finds up to {@code max} providers of {@code multihash} other than this node, handing each to
   * {@code found} as soon as it is known (records held locally first, then those the lookup meets);
   * the lookup stops once {@code max} are found, or once {@code enough} says so (the other DHT of
   * the node found the rest).
   *
   * @return every provider found, in the order found
   */
  CompletableFuture<List<Kademlia.PeerInfo>> findProviders(
      Multihash multihash,
      int max,
      Consumer<Kademlia.PeerInfo> found,
      java.util.function.BooleanSupplier enough) {
    if (max < 1) {
      throw new IllegalArgumentException("the number of providers to find must be positive");
    }
    Set<PeerId> seen = new HashSet<>();
    List<Kademlia.PeerInfo> out = new ArrayList<>();
    Consumer<Kademlia.PeerInfo> emit =
        p -> {
          synchronized (out) {
            if (p.peer().equals(host.self()) || out.size() >= max || !seen.add(p.peer())) {
              return;
            }
            out.add(p);
          }
          found.accept(p);
        };
    for (ProviderStore.Provider p : engine.providers().get(multihash, max)) {
      emit.accept(new Kademlia.PeerInfo(p.peer(), p.addrs()));
    }
    synchronized (out) {
      if (out.size() >= max || enough.getAsBoolean()) {
        return CompletableFuture.completedFuture(List.copyOf(out));
      }
    }
    CompletableFuture<List<PeerId>> lookup =
        lookups.run(
            KadMessage.Type.GET_PROVIDERS,
            multihash.bytes(),
            List.of(),
            reply -> {
              for (KadMessage.Peer p : reply.providerPeers()) {
                List<Multiaddr> addrs =
                    p.addrs().isEmpty() ? host.peerStore().addresses(p.id()) : p.addrs();
                emit.accept(new Kademlia.PeerInfo(p.id(), addrs));
              }
              synchronized (out) {
                return out.size() >= max || enough.getAsBoolean();
              }
            },
            -1,
            0);
    return Lookups.cancelling(
        lookup,
        lookup.thenApply(
            answered -> {
              synchronized (out) {
                return List.copyOf(out);
              }
            }));
  }

  /**
   * Provides {@code multihashes}: keeps them for the reprovide sweep and announces them now to the
   * k closest peers of each, with one lookup per keyspace region they fall in.
   *
   * @return the number of ADD_PROVIDER messages delivered
   */
  CompletableFuture<Integer> provide(Collection<Multihash> multihashes) {
    reprovider.add(multihashes);
    return reprovider.provide(multihashes);
  }

  /**
   * Queues {@code multihashes} to be provided: keeps them for the reprovide sweep at once (in the
   * repo, not in memory) and announces, about {@link #QUEUE_DELAY} later, every region that
   * received new keys, with one lookup per region however many keys arrived in it. For every block
   * of large imports and fetches (the {@code all} provide strategy), which would otherwise cost a
   * lookup per region per call.
   */
  void queueProvide(Collection<Multihash> multihashes) {
    List<Multihash> fresh = reprovider.add(multihashes);
    if (!fresh.isEmpty()) {
      queue.scheduled(fresh);
    }
  }

  /**
   * Queues {@code multihashes} for one announcement, with the queued keys of their regions, that
   * does not add them to the reprovide sweep (Kubo's {@code provide once}).
   *
   * @return those that were not waiting in the queue already
   */
  List<Multihash> provideOnce(List<Multihash> multihashes) {
    return queue.once(multihashes);
  }

  /**
   * Empties the provide queue (keys waiting for their first announcement); keys of the sweep stay
   * in it and are announced when the sweep reaches their region.
   *
   * @return the number of keys removed
   */
  int clearProvideQueue() {
    return queue.clear();
  }

  /**
   * Announces now the regions that queued keys fell in (each region's keys, with one lookup).
   *
   * @return the number of ADD_PROVIDER messages delivered
   */
  CompletableFuture<Integer> provideQueued() {
    return queue.flush();
  }

  /** TEST ONLY: holds the provide queue's flush ({@link ProvideQueue#hold}). */
  void holdQueue(boolean on) {
    queue.hold(on);
  }

  /** Regions with keys queued for {@link #provideQueued}. */
  int queuedRegions() {
    return queue.regions();
  }

  /** The provide system's statistics, as go-libp2p-kad-dht's sweep provider gives them. */
  ProvideStats provideStats() {
    return ProvideStatsSnapshot.of(
        reprovider, queue, clock.instant(), startedAt, stopped, connectivity());
  }

  private String connectivity() {
    if (engine.table().size() > 0) {
      everOnline = true;
      return "online";
    }
    return everOnline ? "disconnected" : "offline";
  }

  /** Stops providing a multihash (its records expire on other peers). */
  void stopProviding(Multihash multihash) {
    reprovider.remove(multihash);
  }

  /**
   * Puts a value record: keeps it here (this node then serves it) and sends it to the k peers
   * closest to its key.
   *
   * @return the number of peers that took it
   * @throws IllegalArgumentException (at once) when the value does not validate, its namespace has
   *     no validator, or a better value for the key is held here
   */
  CompletableFuture<Integer> putValue(byte[] key, byte[] value) {
    return values.put(key, value);
  }

  /**
   * The best value for {@code key}: the one held here and those of peers met by a lookup that stops
   * once {@code quorum} valid values are in hand; empty when none is found.
   */
  CompletableFuture<Optional<byte[]>> getValue(byte[] key, int quorum) {
    return values.get(key, quorum);
  }

  /** The value records held here (this node's and those peers put), stale ones not yet swept. */
  long valueRecords() {
    return engine.values().size();
  }

  /** The value held here for {@code key} (its own or one a peer put), if valid. */
  Optional<byte[]> localValue(byte[] key) {
    return engine.values().get(key).map(ValueStore.Stored::value);
  }

  /** Reprovides the next region of the sweep now, without waiting for its time. */
  CompletableFuture<Integer> reprovideNextRegion() {
    return reprovider.reprovideNextRegion();
  }

  Kademlia.ReprovideStatus reprovideStatus() {
    SweepReprovider.Schedule s = reprovider.schedule();
    return new Kademlia.ReprovideStatus(
        reprovider.keyCount(),
        reprovider.regions(),
        s.nextRegion(),
        s.lastSweepMillis() == 0
            ? Optional.empty()
            : Optional.of(Instant.ofEpochMilli(s.lastSweepMillis())),
        reprovider.nextDue(),
        reprovider.regionsReprovided(),
        lookups.started());
  }

  Kademlia.QueryCounts queryCounts() {
    return new Kademlia.QueryCounts(lookups.started(), lookups.running(), queries.sent());
  }

  /** The peers in the routing table. */
  List<PeerId> routingTable() {
    return engine.table().peers();
  }

  /** The peers in the routing table with their buckets and times, by bucket. */
  List<Kademlia.TablePeer> routingTableEntries() {
    return engine.table().entries();
  }

  /**
   * When the routing table was last refreshed (the lookup of this node's own ID that {@link
   * #bootstrap} runs at start and every 10 minutes); empty before the first.
   */
  Optional<Instant> lastRefresh() {
    return Optional.ofNullable(lastRefresh);
  }

  /** How many times peers broke the protocol (bad messages, bogus addresses, too many peers). */
  long misbehaviours() {
    return engine.misbehaviours();
  }

  /** Deletes expired provider records now; returns how many. */
  int sweepExpiredProviders() {
    return engine.providers().sweep();
  }

  /** The unexpired providers of {@code multihash} this node holds, at most {@code max}. */
  List<Kademlia.PeerInfo> localProviders(Multihash multihash, int max) {
    List<Kademlia.PeerInfo> out = new ArrayList<>();
    for (ProviderStore.Provider p : engine.providers().get(multihash, max)) {
      out.add(new Kademlia.PeerInfo(p.peer(), p.addrs()));
    }
    return out;
  }
}
