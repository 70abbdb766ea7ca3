package io.cairn.node.p2p;

import io.cairn.config.NetworkConfig;
import io.cairn.config.NodeConfig;
import io.cairn.node.daemon.Versions;
import io.cairn.retrieval.AnnouncePolicy;
import io.cairn.retrieval.NameResolver;
import io.cairn.retrieval.P2pHosts;
import io.cairn.retrieval.P2pNode;
import io.cairn.retrieval.P2pOptions;
import io.cairn.retrieval.ipns.IpnsException;
import io.cairn.retrieval.ipns.IpnsPubsub;
import io.cairn.retrieval.ipns.IpnsRecord;
import io.cairn.retrieval.ipns.NameSystem;
import io.cairn.retrieval.ipns.Signer;
import io.cairn.retrieval.p2p.Peering;
import io.cairn.retrieval.p2p.bitswap.Bitswap;
import io.cairn.retrieval.p2p.bitswap.BitswapOptions;
import io.cairn.retrieval.p2p.bitswap.FetchingBlockStore;
import io.cairn.retrieval.p2p.bitswap.ProviderFinder;
import io.cairn.retrieval.p2p.kad.KadOptions;
import io.cairn.retrieval.p2p.kad.Kademlia;
import io.cairn.retrieval.p2p.mdns.Mdns;
import io.cairn.retrieval.p2p.mdns.MdnsOptions;
import io.cairn.retrieval.p2p.pubsub.Pubsub;
import io.cairn.retrieval.p2p.tunnel.Tunnels;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multihash;
import io.cairn.storage.PeerId;
import io.cairn.storage.Service;
import io.cairn.storage.Storage;
import io.cairn.storage.codec.KeyProtobuf;
import io.cairn.storage.dag.DagWalker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node on the peer-to-peer network: the libp2p host (with Identify and Ping), Bitswap over the
 * repo's blocks, the Kademlia DHT unless {@code Routing.Type} is {@code none}, and the IPNS name
 * system over it. Missing blocks are fetched through {@link #blocks(boolean)}; added content is
 * provided through {@link #provide}; this node's names are republished every {@link
 * NameSystem#REPUBLISH_INTERVAL}, or sooner for a record at half its lifetime.
 */
public final class NodeNetwork implements Service, io.cairn.node.daemon.Daemon.Listening {
  private static final Logger LOG = LoggerFactory.getLogger(NodeNetwork.class);

  /** How long a command waits for one block from the network. */
  public static final Duration FETCH_TIMEOUT = Duration.ofSeconds(60);

  /** How long addresses found through the DHT are kept. */
  private static final Duration FOUND_ADDRESS_TTL = Duration.ofMinutes(30);

  /** The repo table of the IPNS records this node published, to republish and resolve them. */
  public static final String IPNS_TABLE = "ipns-published";

  private final NodeConfig config;
  private final Storage storage;
  private final P2pOptions options;
  private final Function<PeerId, Optional<Signer>> nameKeys;
  private P2pNode p2p;
  private Kademlia dht;
  private Bitswap bitswap;
  private ExecutorService workers;

  /**
   * Walks pinned DAGs for the pinned provide strategy, one at a time, apart from Bitswap's work.
   */
  private ExecutorService walker;

  private ScheduledExecutorService timer;
  private BandwidthMeter bandwidth;
  private Peering peering;
  private volatile Mdns mdns;
  private volatile Pubsub pubsub;
  private volatile Tunnels tunnels;
  private volatile IpnsPubsub namePubsub;
  private volatile FetchingBlockStore blocks;
  private volatile NameSystem names;
  private NameRepublisher republisher;

  /** Keys handed to the DHT's provide queue at a time by a walk of pinned DAGs. */
  static final int PROVIDE_BATCH = 1024;

  /**
   * @param config the node's config: {@code Addresses.Swarm}, {@code Bootstrap}, {@code Routing},
   *     {@code Swarm.ConnMgr}, {@code Swarm.Transports.Security}, {@code Swarm.AddrFilters}, {@code
   *     Peering.Peers}, {@code Discovery.MDNS} and the identity
   * @param storage the repo: blocks served and fetched, the peer store and the DHT's tables
   * @param listen where to listen instead of {@code Addresses.Swarm}; null for the config's
   */
  public NodeNetwork(NodeConfig config, Storage storage, List<io.cairn.storage.Multiaddr> listen) {
    this(config, storage, listen, NameKeys.selfOnly(config.identity().key()));
  }

  /**
   * As {@link #NodeNetwork(NodeConfig, Storage, List)}, republishing the names of {@code nameKeys}
   * (the identity and the keystore's keys, by peer ID: {@link NameKeys#held}).
   */
  public NodeNetwork(
      NodeConfig config,
      Storage storage,
      List<io.cairn.storage.Multiaddr> listen,
      Function<PeerId, Optional<Signer>> nameKeys) {
    this.config = config;
    this.storage = storage;
    this.nameKeys = nameKeys;
    P2pOptions l = P2pOptions.listening(listen != null ? listen : config.addresses().swarm());
    P2pOptions o = new P2pOptions(l.listen(), agentVersion(), l.limits(), l.security());
    this.options =
        o.withLimits(o.limits().withMaxConnections(config.network().highWater()))
            .withSecurity(
                config.network().security().stream()
                    .map(s -> P2pOptions.Security.valueOf(s.name()))
                    .toList())
            .withAddrFilters(config.network().addrFilters())
            .withAnnounce(
                new AnnouncePolicy(
                    config.addresses().announce(),
                    config.addresses().appendAnnounce(),
                    config.addresses().noAnnounce()));
  }

  /**
   * What Identify announces and {@code id} shows, {@code cairn/<version>/}, the same string in both
   * places as Kubo's {@code kubo/<version>/<commit>}.
   */
  public static String agentVersion() {
    return "cairn/" + Versions.version() + "/";
  }

  @Override
  public String name() {
    return "p2p";
  }

  @Override
  public synchronized void start() {
    if (p2p != null) {
      return;
    }
    byte[] key =
        KeyProtobuf.decode(config.identity().key().privateKeyProtobuf(), "private key").data();
    byte[] seed = Arrays.copyOf(key, 32);
    p2p = P2pHosts.start(options, seed, storage.table("peers"));
    Arrays.fill(seed, (byte) 0);
    workers = Executors.newFixedThreadPool(4, r -> daemonThread(r, "bitswap-worker"));
    timer = Executors.newSingleThreadScheduledExecutor(r -> daemonThread(r, "bitswap-timer"));
    bandwidth = new BandwidthMeter(p2p.metrics());
    BandwidthMeter meter = bandwidth;
    timer.scheduleAtFixedRate(() -> meter.tick(System.nanoTime()), 0, 1, TimeUnit.SECONDS);
    walker = Executors.newSingleThreadExecutor(r -> daemonThread(r, "provide-walker"));
    NetworkConfig net = config.network();
    peering = new Peering(p2p.host(), timer);
    net.peering().forEach(p -> peering.add(p.id(), p.addresses()));
    peering.start();
    startMdns(net);
    ProviderFinder finder = ProviderFinder.NONE;
    if (net.routing() != NetworkConfig.Routing.NONE) {
      KadOptions kad =
          KadOptions.defaults(net.bootstrap()).withLoopbackOnLan(net.loopbackOnLanDht());
      dht =
          new Kademlia(
              p2p.host(),
              storage,
              net.routing() == NetworkConfig.Routing.DHTCLIENT ? kad.asClient() : kad);
      dht.start();
      finder = this::findProviderPeers;
    }
    bitswap =
        new Bitswap(
            p2p.host(),
            // under the all strategy, the blocks Bitswap fetches are provided too
            providesAll()
                ? new AnnouncingBlockStore(storage.blocks(), null, dht)
                : storage.blocks(),
            BitswapOptions.DEFAULTS.withFetchTimeout(FETCH_TIMEOUT),
            finder,
            workers,
            timer);
    bitswap.start();
    blocks = new FetchingBlockStore(storage.blocks(), bitswap, FETCH_TIMEOUT, false);
    pubsub = NodePubsub.start(config, p2p.host()).orElse(null);
    tunnels = new Tunnels(p2p.host());
    namePubsub = NodePubsub.names(config, p2p.host(), pubsub).orElse(null);
    names = NameSystems.create(storage, dht, namePubsub);
    republisher = NameRepublisher.start(names, nameKeys);
    if (dht != null && !net.bootstrap().isEmpty()) {
      dht.bootstrap()
          .whenComplete(
              (n, e) -> {
                if (e != null) {
                  LOG.warn("DHT bootstrap failed: {}", e.getMessage());
                } else {
                  LOG.info("DHT bootstrap reached {} peers", n);
                }
              });
    }
  }

  /** mDNS discovery, unless {@code Discovery.MDNS.Enabled} is false; a failure is only logged. */
  private void startMdns(NetworkConfig net) {
    if (!net.mdns()) {
      return;
    }
    try {
      mdns = Mdns.start(p2p.host(), net.highWater(), MdnsOptions.defaults());
    } catch (RuntimeException e) {
      LOG.warn("mDNS discovery is off: {}", e.getMessage());
    }
  }

  private CompletableFuture<Collection<io.cairn.storage.PeerId>> findProviderPeers(Multihash mh) {
    return dht.findProviders(mh, 20)
        .thenApply(
            found ->
                found.stream()
                    .map(
                        p -> {
                          p2p.host()
                              .peerStore()
                              .addAddresses(p.peer(), p.addresses(), FOUND_ADDRESS_TTL);
                          return p.peer();
                        })
                    .toList());
  }

  private static Thread daemonThread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public synchronized void stop() {
    if (p2p == null) {
      return;
    }
    if (peering != null) {
      peering.stop();
    }
    if (mdns != null) {
      mdns.close();
      mdns = null;
    }
    if (bitswap != null) {
      bitswap.stop();
    }
    if (namePubsub != null) {
      namePubsub.close();
      namePubsub = null;
    }
    if (pubsub != null) {
      pubsub.stop();
      pubsub = null;
    }
    tunnels.close();
    if (dht != null) {
      dht.stop();
    }
    p2p.close();
    if (republisher != null) {
      republisher.stop();
    }
    workers.shutdownNow();
    walker.shutdownNow();
    timer.shutdownNow();
    p2p = null;
  }

  /**
   * As Kubo's daemon says it: a {@code Swarm listening on} line for each address the host bound
   * (ports resolved), then where to find the addresses peers dial.
   */
  @Override
  public String listeningLine() {
    P2pNode node = p2p;
    if (node == null) {
      return "Swarm not listening (the network is not running)";
    }
    StringBuilder out = new StringBuilder();
    node.host()
        .listenAddresses()
        .forEach(a -> out.append("Swarm listening on ").append(a).append('\n'));
    return out.append("Run 'cairn id' to inspect announced and discovered multiaddrs of this node.")
        .toString();
  }

  /** The host's bytes in and out with their rates ({@code stats bw}). */
  public BandwidthMeter bandwidth() {
    return bandwidth;
  }

  /** The peers kept connected: {@code Peering.Peers} and those {@code swarm peering add} added. */
  public Peering peering() {
    return peering;
  }

  /** mDNS discovery; empty when {@code Discovery.MDNS.Enabled} is false or it could not start. */
  public Optional<Mdns> mdns() {
    return Optional.ofNullable(mdns);
  }

  /** The running host, Identify and Ping. */
  public P2pNode p2p() {
    return p2p;
  }

  /** The DHT; empty when {@code Routing.Type} is {@code none}. */
  public Optional<Kademlia> dht() {
    return Optional.ofNullable(dht);
  }

  /** IPNS over pubsub, when {@code Ipns.UsePubsub} (or {@code --enable-namesys-pubsub}). */
  public Optional<IpnsPubsub> namePubsub() {
    return Optional.ofNullable(namePubsub);
  }

  /** Pubsub, when {@code Pubsub.Enabled} or {@code Ipns.UsePubsub} (or their daemon flags). */
  public Optional<Pubsub> pubsub() {
    return Optional.ofNullable(pubsub);
  }

  /** Libp2p stream mounting: the {@code p2p} commands' tunnels, closed when the network stops. */
  public Tunnels tunnels() {
    return tunnels;
  }

  /** The IPNS name system: publishes to and resolves through the DHT when there is one. */
  public NameSystem names() {
    return names;
  }

  /**
   * The gateway's view of {@link #names()}: the name system once the network has started; before
   * that (the gateway starts first), every name fails with "the network is starting".
   */
  public NameResolver nameResolver() {
    return new NameResolver() {
      @Override
      public CompletableFuture<IpnsRecord> record(io.cairn.storage.PeerId name) {
        NameSystem n = names;
        return n == null ? starting() : n.record(name);
      }

      @Override
      public CompletableFuture<NameSystem.Resolution> resolve(String path) {
        NameSystem n = names;
        return n == null ? starting() : n.resolve(path);
      }
    };
  }

  private static <T> CompletableFuture<T> starting() {
    return CompletableFuture.failedFuture(
        new IpnsException("the node's network is starting; try again in a moment"));
  }

  public Bitswap bitswap() {
    return bitswap;
  }

  /**
   * The repo's blocks, with missing ones fetched from peers (one Bitswap session per call, so a
   * command's wants go to the peers that had its earlier blocks); {@code offline} refuses instead.
   */
  public BlockStore blocks(boolean offline) {
    return blocks.newSession().offline(offline);
  }

  /**
   * As {@link #blocks(boolean)}, for a command's request: its fetches stop when {@code cancelled}
   * completes (the caller went away, or its deadline passed), failing the read that waits. A block
   * no peer can be asked for stays wanted until then (or the fetch time-out), as in Kubo, so that a
   * client may ask first and connect the node to a peer that has it after.
   */
  public BlockStore blocks(boolean offline, CompletionStage<? extends Throwable> cancelled) {
    return blocks.cancelledBy(cancelled).offline(offline).waitingForPeers(true);
  }

  /** As {@link #blocks(boolean)} online, waiting at most {@code timeout} for each block. */
  public BlockStore blocks(Duration timeout) {
    return blocks.newSession().timeout(timeout);
  }

  /**
   * The repo's blocks for a service built before this one starts (the gateway): missing blocks are
   * fetched once the network runs, unless {@code noFetch} ({@code Gateway.NoFetch}).
   */
  public BlockStore gatewayBlocks(boolean noFetch) {
    return noFetch ? storage.blocks() : new LateFetchingBlocks(storage.blocks(), () -> blocks);
  }

  /**
   * The repo's blocks for a part opened before the network (compute jobs): reads fetch missing
   * blocks through {@code network} once it runs, and use the repo alone before or without it.
   */
  public static BlockStore fetchingOnceStarted(
      BlockStore local, java.util.function.Supplier<NodeNetwork> network) {
    return new LateFetchingBlocks(
        local,
        () -> {
          NodeNetwork n = network.get();
          return n == null ? null : n.blocks;
        });
  }

  /** {@code Provide.Strategy}: which blocks this node announces. */
  public NetworkConfig.ProvideStrategy provideStrategy() {
    return config.network().provideStrategy();
  }

  /**
   * {@code store}, telling the network of every block put into it (for imports: add, block put, dag
   * put, dag import): Bitswap serves it to the peers that want it, and it is queued to be provided
   * when the strategy is {@code all}.
   */
  public BlockStore announcing(BlockStore store) {
    return new AnnouncingBlockStore(store, bitswap, providesAll() ? dht : null);
  }

  private boolean providesAll() {
    return dht != null && provideStrategy() == NetworkConfig.ProvideStrategy.ALL;
  }

  /**
   * Announces what was added or pinned, as the strategy says: the roots now ({@code all}, whose
   * blocks were queued as they were stored, and {@code roots}); for {@code pinned}, when {@code
   * pinned}, the roots now and every block of their DAGs queued by a walk on a worker thread.
   *
   * @param beforeStart the content was written while the network was still starting, through the
   *     repo's store rather than {@link #announcing}: under {@code all} every block of the roots'
   *     DAGs is queued by a walk too
   */
  public void provideAdded(Collection<Cid> roots, boolean pinned, boolean beforeStart) {
    NetworkConfig.ProvideStrategy strategy = provideStrategy();
    if (dht == null
        || roots.isEmpty()
        || strategy == NetworkConfig.ProvideStrategy.MFS
        || (strategy.providesPins() && !pinned)) {
      return;
    }
    provide(roots.stream().map(Cid::multihash).toList());
    if (strategy.providesPins() || (strategy == NetworkConfig.ProvideStrategy.ALL && beforeStart)) {
      List<Cid> walk = List.copyOf(roots);
      try {
        walker.execute(() -> provideDags(walk));
      } catch (RejectedExecutionException stopped) {
        LOG.debug("the network is stopped: the blocks of {} are not provided", walk);
      }
    }
  }

  /**
   * The store MFS changes write through: Bitswap hears of each new block, and the DHT queues it
   * under the {@code all}, {@code mfs} and {@code pinned+mfs} strategies.
   */
  public BlockStore announcingMfs(BlockStore store) {
    NetworkConfig.ProvideStrategy strategy = provideStrategy();
    boolean provide =
        dht != null && (strategy == NetworkConfig.ProvideStrategy.ALL || strategy.providesMfs());
    return new AnnouncingBlockStore(store, bitswap, provide ? dht : null);
  }

  /**
   * Announces a DAG linked into MFS without being written there ({@code files cp}, {@code add
   * --to-files}) under the {@code mfs} strategies: its root now and its held blocks by a walk, as
   * for a pin under {@code pinned}. Under {@code all} its blocks were provided when stored.
   */
  public void provideMfsLinked(Cid node) {
    if (dht == null || !provideStrategy().providesMfs()) {
      return;
    }
    provide(List.of(node.multihash()));
    try {
      walker.execute(() -> provideDags(List.of(node)));
    } catch (RejectedExecutionException stopped) {
      LOG.debug("the network is stopped: the blocks of {} are not provided", node);
    }
  }

  /**
   * Queues blocks stored while the network was still starting (block put), as {@link #announcing}
   * would have queued them: under {@code all}.
   */
  public void provideStoredBeforeStart(Collection<Cid> blocks) {
    if (dht != null && provideStrategy() == NetworkConfig.ProvideStrategy.ALL) {
      dht.queueProvide(blocks.stream().map(Cid::multihash).toList());
    }
  }

  private void provideDags(List<Cid> roots) {
    Set<Cid> seen = new HashSet<>();
    List<Multihash> batch = new ArrayList<>();
    DagWalker walker = new DagWalker(storage.blocks(), DagWalker.OnMissing.SKIP);
    try {
      for (Cid root : roots) {
        walker.walk(
            root,
            seen,
            (c, d) -> {
              batch.add(c.multihash());
              if (batch.size() >= PROVIDE_BATCH) {
                dht.queueProvide(List.copyOf(batch));
                batch.clear();
              }
              return true;
            });
      }
      dht.queueProvide(batch);
    } catch (RuntimeException e) {
      LOG.warn("cannot walk {} to provide its blocks: {}", roots, e.getMessage());
    }
  }

  /**
   * Announces on the DHT that this node provides these blocks (and keeps announcing them in the
   * reprovide sweep); does nothing without a DHT. Returns at once; failures are logged.
   */
  public void provide(Collection<Multihash> multihashes) {
    if (dht == null || multihashes.isEmpty()) {
      return;
    }
    dht.provide(multihashes)
        .whenComplete(
            (n, e) -> {
              if (e != null) {
                LOG.warn("providing {} blocks failed: {}", multihashes.size(), e.getMessage());
              }
            });
  }
}
