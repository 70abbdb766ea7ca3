package io.cairn.retrieval.p2p.kad;

import io.cairn.retrieval.p2p.Host;
import io.cairn.storage.KeyValueTable;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.Multihash;
import io.cairn.storage.PeerId;
import io.cairn.storage.Service;
import io.cairn.storage.Storage;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The node's Kademlia DHTs, as Kubo's dual DHT: the WAN DHT ({@code /ipfs/kad/1.0.0}) for the
 * public network and the LAN DHT ({@code /ipfs/lan/kad/1.0.0}) for peers on a private network, side
 * by side on one host, each with its own routing table, provider records and reprovide sweep (value
 * records are shared). {@link KadScope} says which peers and addresses each one deals in.
 *
 * <p>How the two are used, as go-libp2p-kad-dht's {@code dual} package and its sweeping provider:
 * what is provided is announced on both; providers, peers and values are looked up on both in
 * parallel and the answers merged (providers deduplicated, a peer's addresses joined, the WAN's
 * value preferred); a value is put, and a closest-peers query runs, on the WAN DHT while its table
 * holds peers, else on the LAN DHT.
 */
public final class Kademlia implements Service {
  public static final String PROTOCOL_ID = KadScope.WAN_PROTOCOL;

  /** The LAN DHT's protocol: the WAN's with Kubo's {@code /lan} extension. */
  public static final String LAN_PROTOCOL_ID = KadScope.LAN_PROTOCOL;

  /** How long queued keys wait, so that the keys of one import go out together. */
  public static final Duration QUEUE_DELAY = ProvideQueue.DELAY;

  /** One of the two DHTs. */
  public enum Dht {
    WAN,
    LAN;

    /** Kubo's name: {@code wan} or {@code lan}. */
    public String label() {
      return this == WAN ? "wan" : "lan";
    }
  }

  /** A peer and the addresses to reach it. */
  public record PeerInfo(PeerId peer, List<Multiaddr> addresses) {
    public PeerInfo {
      addresses = List.copyOf(addresses);
    }
  }

  /**
   * The reprovide sweep's state, for {@code repo reprovide} and stats.
   *
   * @param keys the multihashes this node provides
   * @param regions the regions the keyspace is swept in
   * @param nextRegion the region reprovided next
   * @param lastSweep when the last full sweep ended; empty before the first
   * @param nextDue when the next region is due
   * @param regionsReprovided regions reprovided since start
   * @param lookups lookups run since start (all kinds)
   */
  public record ReprovideStatus(
      long keys,
      int regions,
      int nextRegion,
      Optional<Instant> lastSweep,
      Instant nextDue,
      long regionsReprovided,
      long lookups) {}

  /**
   * One DHT's lookups and queries since start, for the metrics and to see that a cancelled lookup
   * stops.
   *
   * @param lookups lookups started (all kinds)
   * @param running lookups started and not yet ended
   * @param queries queries sent to peers (each request that waits for a reply)
   */
  public record QueryCounts(long lookups, long running, long queries) {}

  /**
   * One peer of a routing table, as Kubo's {@code stats dht} lists it.
   *
   * @param bucket the bucket: the length of the prefix its key shares with this node's
   * @param lastUseful when an answer of it last brought peers or providers
   * @param lastQueried when it last answered a query of this node
   */
  public record TablePeer(
      PeerId peer, int bucket, Optional<Instant> lastUseful, Optional<Instant> lastQueried) {}

  private final Validators validators = new Validators();
  private final KadDht wan;
  private final KadDht lan; // null in tests that run the WAN DHT alone
  private final boolean wanServer;
  private final boolean lanServer;

  /**
   * The WAN and LAN DHTs for {@code host}, keeping their tables in {@code storage}; the LAN DHT
   * serves as {@link KadOptions#forLan} says.
   */
  public Kademlia(Host host, Storage storage, KadOptions options) {
    this(host, storage::table, options, InstantSource.system(), true);
  }

  /** TEST ONLY: the WAN DHT alone, on these tables. */
  Kademlia(
      Host host,
      KeyValueTable providerTable,
      KeyValueTable provideKeys,
      KeyValueTable schedule,
      KeyValueTable valueTable,
      KadOptions options,
      InstantSource clock) {
    this(
        host,
        Map.of(
                "dht-providers", providerTable,
                "dht-provide-keys", provideKeys,
                "dht-provide-schedule", schedule,
                "dht-values", valueTable)
            ::get,
        options,
        clock,
        false);
  }

  /**
   * @param tables the storage's tables by name: {@code dht-values} (shared), {@code dht-providers},
   *     {@code dht-provide-keys}, {@code dht-provide-schedule} and, for the LAN DHT, the same three
   *     with {@code dht-lan-}
   * @param withLan whether the LAN DHT runs beside the WAN one
   */
  Kademlia(
      Host host,
      Function<String, KeyValueTable> tables,
      KadOptions options,
      InstantSource clock,
      boolean withLan) {
    ValueStore values =
        new ValueStore(
            tables.apply("dht-values"), validators, clock, ValueStore.DEFAULT_MAX_RECORDS);
    this.wan = dht(host, KadScope.wan(host), "dht-", tables, values, options, clock);
    this.wanServer = options.server();
    if (withLan) {
      KadOptions lanOptions = options.forLan(host.listenAddresses());
      this.lanServer = lanOptions.server();
      this.lan =
          dht(
              host,
              KadScope.lan(host, options.loopbackOnLan()),
              "dht-lan-",
              tables,
              values,
              lanOptions,
              clock);
    } else {
      this.lanServer = false;
      this.lan = null;
    }
  }

  private KadDht dht(
      Host host,
      KadScope scope,
      String prefix,
      Function<String, KeyValueTable> tables,
      ValueStore values,
      KadOptions options,
      InstantSource clock) {
    return new KadDht(
        host,
        scope,
        tables.apply(prefix + "providers"),
        tables.apply(prefix + "provide-keys"),
        tables.apply(prefix + "provide-schedule"),
        values,
        validators,
        options,
        clock);
  }

  /**
   * Keeps a value record in the repo's DHT table while no DHT runs ({@code routing put
   * --allow-offline} without a network, as Kubo's offline router keeps it in its datastore): it is
   * checked as a put from a peer is, and served by the DHTs once the node runs its network.
   *
   * @param validators record namespaces beyond the built-in {@code pk}
   * @throws IllegalArgumentException when the value does not validate, or is not better than the
   *     one kept
   */
  public static void keepOffline(
      Storage storage, byte[] key, byte[] value, Map<String, RecordValidator> validators) {
    Validators all = new Validators();
    validators.forEach(all::register);
    new ValueStore(
            storage.table("dht-values"),
            all,
            InstantSource.system(),
            ValueStore.DEFAULT_MAX_RECORDS)
        .put(key, value);
  }

  KadEngine engine() {
    return wan.engine();
  }

  Lookups lookups() {
    return wan.lookups();
  }

  private List<KadDht> both() {
    return lan == null ? List.of(wan) : List.of(wan, lan);
  }

  /** One of the DHTs (the WAN one where no LAN DHT runs). */
  KadDht dht(Dht which) {
    return of(which);
  }

  private KadDht of(Dht which) {
    return which == Dht.WAN || lan == null ? wan : lan;
  }

  /** Whether the LAN DHT runs beside the WAN one. */
  public boolean hasLan() {
    return lan != null;
  }

  /** Whether the DHT answers peers' queries (a server) rather than only sending its own. */
  public boolean isServer(Dht which) {
    return which == Dht.WAN ? wanServer : lan != null && lanServer;
  }

  /** Whether the WAN DHT's routing table holds peers (Kubo's {@code WANActive}). */
  public boolean wanActive() {
    return !wan.routingTable().isEmpty();
  }

  /** The DHT a value is put to and a closest-peers query runs on: the WAN one while active. */
  private KadDht active() {
    return wanActive() || lan == null ? wan : lan;
  }

  @Override
  public String name() {
    return "dht";
  }

  /**
   * Starts both DHTs: the provider-record sweep, the reprovide schedule and a routing-table refresh
   * every 10 minutes (the bootstrap again), and bootstraps.
   */
  @Override
  public void start() {
    both().forEach(KadDht::start);
  }

  @Override
  public void stop() {
    both().forEach(KadDht::stop);
  }

  /**
   * Bootstraps both DHTs: the WAN one through the configured bootstrap peers, each with a lookup of
   * this node's own ID, which fills the routing tables.
   *
   * @return the number of peers in the routing tables afterwards (a peer in both counted once)
   */
  public CompletableFuture<Integer> bootstrap() {
    return DualResults.either(
        wan.bootstrap(),
        lan == null ? null : lan.bootstrap(),
        (a, b) -> a + b,
        () -> routingTable().size());
  }

  /** Finds a peer's addresses on both DHTs (those known locally, else through lookups), joined. */
  public CompletableFuture<Optional<PeerInfo>> findPeer(PeerId peer) {
    return DualResults.either(
        wan.findPeer(peer),
        lan == null ? null : lan.findPeer(peer),
        (a, b) -> {
          if (a.isEmpty() || b.isEmpty()) {
            return a.isPresent() ? a : b;
          }
          Set<Multiaddr> joined = new LinkedHashSet<>(a.get().addresses());
          joined.addAll(b.get().addresses());
          return Optional.of(new PeerInfo(peer, List.copyOf(joined)));
        },
        null);
  }

  /**
   * The k peers closest to {@code key} that answered a lookup, closest first, as
   * go-libp2p-kad-dht's {@code GetClosestPeers} (the target is sha256(key)), on the WAN DHT while
   * its table holds peers, else on the LAN DHT (as Kubo's {@code dht query}); {@code listener}
   * hears of each query as it goes. Cancelling the returned future stops the lookup.
   */
  public CompletableFuture<List<PeerId>> closestPeers(byte[] key, QueryListener listener) {
    return active().closestPeers(key, listener);
  }

  /**
   * Finds up to {@code max} providers of {@code multihash} other than this node on both DHTs in
   * parallel, handing each to {@code found} once, as soon as either DHT knows it (records held
   * locally first, then those the lookups meet); both lookups stop once {@code max} are found.
   *
   * @return every provider found, in the order found
   */
  public CompletableFuture<List<PeerInfo>> findProviders(
      Multihash multihash, int max, Consumer<PeerInfo> found) {
    if (max < 1) {
      throw new IllegalArgumentException("the number of providers to find must be positive");
    }
    Set<PeerId> seen = new HashSet<>();
    List<PeerInfo> out = new ArrayList<>();
    Consumer<PeerInfo> emit =
        p -> {
          synchronized (out) {
            if (out.size() >= max || !seen.add(p.peer())) {
              return;
            }
            out.add(p);
          }
          found.accept(p);
        };
    java.util.function.BooleanSupplier enough =
        () -> {
          synchronized (out) {
            return out.size() >= max;
          }
        };
    List<CompletableFuture<List<PeerInfo>>> lookups = new ArrayList<>();
    for (KadDht d : both()) {
      lookups.add(d.findProviders(multihash, max, emit, enough));
    }
    return DualResults.either(
        lookups.get(0),
        lookups.size() > 1 ? lookups.get(1) : null,
        (a, b) -> a,
        () -> {
          synchronized (out) {
            return List.copyOf(out);
          }
        });
  }

  /**
   * Finds up to {@code max} providers of a block's multihash, with their addresses (for Bitswap).
   */
  public CompletableFuture<List<PeerInfo>> findProviders(Multihash multihash, int max) {
    return findProviders(multihash, max, p -> {});
  }

  /**
   * Provides {@code multihashes} on both DHTs: keeps them for the reprovide sweeps and announces
   * them now to the k closest peers of each, with one lookup per keyspace region they fall in.
   *
   * @return the number of ADD_PROVIDER messages delivered, both DHTs together
   */
  public CompletableFuture<Integer> provide(Collection<Multihash> multihashes) {
    return DualResults.either(
        wan.provide(multihashes),
        lan == null ? null : lan.provide(multihashes),
        Integer::sum,
        null);
  }

  /**
   * Queues {@code multihashes} to be provided on both DHTs: keeps them for the reprovide sweeps at
   * once (in the repo, not in memory) and announces, about {@link #QUEUE_DELAY} later, every region
   * that received new keys, with one lookup per region however many keys arrived in it. For every
   * block of large imports and fetches (the {@code all} provide strategy), which would otherwise
   * cost a lookup per region per call.
   */
  public void queueProvide(Collection<Multihash> multihashes) {
    both().forEach(d -> d.queueProvide(multihashes));
  }

  /**
   * Queues {@code multihashes} for one announcement on both DHTs, with the queued keys of their
   * regions, that does not add them to the reprovide sweeps (Kubo's {@code provide once}).
   *
   * @return those that were not waiting in the WAN DHT's queue already
   */
  public List<Multihash> provideOnce(List<Multihash> multihashes) {
    List<Multihash> fresh = wan.provideOnce(multihashes);
    if (lan != null) {
      lan.provideOnce(multihashes);
    }
    return fresh;
  }

  /**
   * Empties the provide queues (keys waiting for their first announcement); keys of the sweeps stay
   * in them and are announced when the sweeps reach their region.
   *
   * @return the number of keys removed from the WAN DHT's queue
   */
  public int clearProvideQueue() {
    int removed = wan.clearProvideQueue();
    if (lan != null) {
      lan.clearProvideQueue();
    }
    return removed;
  }

  /**
   * Announces now the regions that queued keys fell in (each region's keys, with one lookup), on
   * both DHTs.
   *
   * @return the number of ADD_PROVIDER messages delivered
   */
  public CompletableFuture<Integer> provideQueued() {
    return DualResults.either(
        wan.provideQueued(), lan == null ? null : lan.provideQueued(), Integer::sum, null);
  }

  /** TEST ONLY: holds the provide queues' timed flush while on; released, it is scheduled. */
  void holdProvideQueues(boolean on) {
    both().forEach(d -> d.holdQueue(on));
  }

  /** Regions with keys queued for {@link #provideQueued} on the WAN DHT. */
  public int queuedRegions() {
    return wan.queuedRegions();
  }

  /**
   * The WAN DHT's provide statistics, as go-libp2p-kad-dht's sweep provider gives them (Kubo's
   * {@code provide stat} without {@code --lan}).
   */
  public ProvideStats provideStats() {
    return wan.provideStats();
  }

  /**
   * One DHT's provide statistics (Kubo's {@code provide stat --lan} for the LAN one).
   *
   * @throws IllegalStateException for the LAN DHT where none runs
   */
  public ProvideStats provideStats(Dht which) {
    return lanOrFail(which).provideStats();
  }

  private KadDht lanOrFail(Dht which) {
    if (which == Dht.LAN && lan == null) {
      throw new IllegalStateException("no LAN DHT runs");
    }
    return of(which);
  }

  /** One DHT's lookups and queries since start (zeros for the LAN DHT where none runs). */
  public QueryCounts queryCounts(Dht which) {
    return which == Dht.LAN && lan == null ? new QueryCounts(0, 0, 0) : of(which).queryCounts();
  }

  /** Stops providing a multihash on both DHTs (its records expire on other peers). */
  public void stopProviding(Multihash multihash) {
    both().forEach(d -> d.stopProviding(multihash));
  }

  /**
   * Lets the DHTs keep and return value records of {@code namespace} (keys {@code /namespace/...}),
   * checked and ranked by {@code validator}; {@code pk} (public keys) is known from the start.
   */
  public void registerValidator(String namespace, RecordValidator validator) {
    validators.register(namespace, validator);
  }

  /**
   * Puts a value record: keeps it here (this node then serves it on both DHTs) and sends it to the
   * k peers closest to its key on the WAN DHT, or on the LAN DHT while the WAN one has no peers.
   *
   * @return the number of peers that took it
   * @throws IllegalArgumentException (at once) when the value does not validate, its namespace has
   *     no validator, or a better value for the key is held here
   */
  public CompletableFuture<Integer> putValue(byte[] key, byte[] value) {
    return active().putValue(key, value);
  }

  /**
   * The best value for {@code key}, looked up on both DHTs in parallel, each lookup stopping once
   * {@code quorum} valid values are in hand (the one held here counts): the WAN DHT's answer, else
   * the LAN DHT's; empty when neither finds one.
   */
  public CompletableFuture<Optional<byte[]>> getValue(byte[] key, int quorum) {
    return DualResults.either(
        wan.getValue(key, quorum),
        lan == null ? null : lan.getValue(key, quorum),
        (a, b) -> a.isPresent() ? a : b,
        null);
  }

  /** The value records held here (this node's and those peers put), stale ones not yet swept. */
  public long valueRecords() {
    return wan.valueRecords();
  }

  /** The value held here for {@code key} (its own or one a peer put), if valid. */
  public Optional<byte[]> localValue(byte[] key) {
    return wan.localValue(key);
  }

  /** Reprovides the next region of both sweeps now, without waiting for its time. */
  public CompletableFuture<Integer> reprovideNextRegion() {
    return DualResults.either(
        wan.reprovideNextRegion(),
        lan == null ? null : lan.reprovideNextRegion(),
        Integer::sum,
        null);
  }

  /** The WAN DHT's reprovide sweep. */
  public ReprovideStatus reprovideStatus() {
    return wan.reprovideStatus();
  }

  /**
   * One DHT's reprovide sweep.
   *
   * @throws IllegalStateException for the LAN DHT where none runs
   */
  public ReprovideStatus reprovideStatus(Dht which) {
    return lanOrFail(which).reprovideStatus();
  }

  /** The peers in the routing tables of both DHTs (a peer in both listed once). */
  public List<PeerId> routingTable() {
    Set<PeerId> all = new LinkedHashSet<>(wan.routingTable());
    if (lan != null) {
      all.addAll(lan.routingTable());
    }
    return List.copyOf(all);
  }

  /** The peers in one DHT's routing table. */
  public List<PeerId> routingTable(Dht which) {
    return lan == null && which == Dht.LAN ? List.of() : of(which).routingTable();
  }

  /** The peers in one DHT's routing table with their buckets and times, by bucket. */
  public List<TablePeer> routingTableEntries(Dht which) {
    return lan == null && which == Dht.LAN ? List.of() : of(which).routingTableEntries();
  }

  /**
   * When one DHT's routing table was last refreshed (the lookup of this node's own ID that {@link
   * #bootstrap} runs at start and every 10 minutes); empty before the first.
   */
  public Optional<Instant> lastRefresh(Dht which) {
    return lan == null && which == Dht.LAN ? Optional.empty() : of(which).lastRefresh();
  }

  /** How many times peers broke the protocol (bad messages, bogus addresses, too many peers). */
  public long misbehaviours() {
    return both().stream().mapToLong(KadDht::misbehaviours).sum();
  }

  /** Deletes expired provider records now; returns how many. */
  public int sweepExpiredProviders() {
    return both().stream().mapToInt(KadDht::sweepExpiredProviders).sum();
  }

  /**
   * The unexpired providers of {@code multihash} this node holds, at most {@code max}: the WAN
   * DHT's records, then the LAN DHT's.
   */
  public List<PeerInfo> localProviders(Multihash multihash, int max) {
    Set<PeerId> seen = new HashSet<>();
    List<PeerInfo> out = new ArrayList<>();
    for (KadDht d : both()) {
      for (PeerInfo p : d.localProviders(multihash, max)) {
        if (out.size() < max && seen.add(p.peer())) {
          out.add(p);
        }
      }
    }
    return out;
  }
}
