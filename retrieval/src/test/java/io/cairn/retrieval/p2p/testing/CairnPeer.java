package io.cairn.retrieval.p2p.testing;

import io.cairn.retrieval.P2pHosts;
import io.cairn.retrieval.P2pNode;
import io.cairn.retrieval.P2pOptions;
import io.cairn.retrieval.p2p.bitswap.Bitswap;
import io.cairn.retrieval.p2p.bitswap.BitswapOptions;
import io.cairn.retrieval.p2p.bitswap.FetchingBlockStore;
import io.cairn.retrieval.p2p.bitswap.ProviderFinder;
import io.cairn.retrieval.p2p.kad.KadOptions;
import io.cairn.retrieval.p2p.kad.Kademlia;
import io.cairn.retrieval.p2p.net.PeerStores;
import io.cairn.storage.Cid;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import io.cairn.storage.unixfs.AddedEntry;
import io.cairn.storage.unixfs.FileSystemSource;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A whole Cairn peer as the daemon assembles one: a TCP host on 127.0.0.1, Bitswap and the DHT over
 * a RocksDB {@link Storage} in {@code dir}, the DHT finding providers for Bitswap's unanswered
 * wants. Close it to stop everything and close the storage.
 */
public final class CairnPeer implements AutoCloseable {
  /** Providers asked of the DHT for one block. */
  private static final int PROVIDERS_PER_BLOCK = 20;

  private final Storage storage;
  private final P2pNode node;
  private final Kademlia dht;
  private final Bitswap bitswap;
  private final ExecutorService workers;
  private final ScheduledExecutorService timer;

  private CairnPeer(Path dir, int seed, KadOptions kad, BitswapOptions options) {
    this.storage = Storages.open(StorageOptions.defaults(dir));
    this.workers = Executors.newFixedThreadPool(4);
    this.timer = Executors.newSingleThreadScheduledExecutor();
    this.node = P2pHosts.start(P2pOptions.loopback(), TestHosts.seed(seed), PeerStores.memory());
    this.dht = new Kademlia(node.host(), storage, kad);
    ProviderFinder finder =
        mh ->
            dht.findProviders(mh, PROVIDERS_PER_BLOCK)
                .thenApply(found -> found.stream().map(Kademlia.PeerInfo::peer).toList());
    this.bitswap = new Bitswap(node.host(), storage.blocks(), options, finder, workers, timer);
    bitswap.start();
    dht.start();
  }

  /**
   * Starts a peer keeping its repo in {@code dir}, with the identity of {@link TestHosts#seed}
   * {@code seed}, joining the DHT through {@code bootstrap} (each address ending in {@code /p2p/}).
   */
  public static CairnPeer start(
      Path dir, int seed, List<Multiaddr> bootstrap, BitswapOptions options) {
    return new CairnPeer(dir, seed, KadOptions.defaults(bootstrap), options);
  }

  /**
   * As {@link #start}, with {@code Routing.LoopbackAddressesOnLanDHT} set: the LAN DHT serves on
   * 127.0.0.1 and keeps loopback addresses.
   */
  public static CairnPeer startWithLoopbackOnLan(Path dir, int seed, BitswapOptions options) {
    return new CairnPeer(
        dir, seed, KadOptions.defaults(List.of()).withLoopbackOnLan(true), options);
  }

  public P2pNode node() {
    return node;
  }

  public PeerId peerId() {
    return node.peerId();
  }

  /** The addresses to dial this peer at, each ending in {@code /p2p/ID}. */
  public List<Multiaddr> dialAddresses() {
    return node.dialAddresses();
  }

  public Storage storage() {
    return storage;
  }

  public Bitswap bitswap() {
    return bitswap;
  }

  public Kademlia dht() {
    return dht;
  }

  /** Adds a file or a directory (recursively) with {@code options}; returns its root. */
  public AddedEntry add(Path path, ImportOptions options) {
    List<AddedEntry> added =
        new UnixFsImporter(storage.blocks(), options)
            .importEntries(
                FileSystemSource.walk(
                    List.of(path), FileSystemSource.WalkOptions.defaults().withRecursive(true)),
                ImportListener.NONE);
    return added.get(added.size() - 1);
  }

  /**
   * An exporter reading through Bitswap: blocks missing here are fetched within {@code timeout}.
   */
  public UnixFsExporter fetchingExporter(Duration timeout) {
    return new UnixFsExporter(new FetchingBlockStore(storage.blocks(), bitswap, timeout, false));
  }

  /** Provides {@code cids} through the DHT; returns the ADD_PROVIDER messages delivered. */
  public int provide(Collection<Cid> cids) throws Exception {
    return dht.provide(cids.stream().map(Cid::multihash).toList()).get();
  }

  @Override
  public void close() {
    dht.stop();
    bitswap.stop();
    node.close();
    timer.shutdownNow();
    workers.shutdownNow();
    storage.close();
  }
}
