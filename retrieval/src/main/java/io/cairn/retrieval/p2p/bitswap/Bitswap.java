package io.cairn.retrieval.p2p.bitswap;

import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.Host;
import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.PeerId;
import io.cairn.storage.Service;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bitswap 1.2.0, client and server, over a libp2p {@link Host}: fetches blocks from peers into the
 * block store and serves the store's blocks to peers. Every received block is hashed and must match
 * a want; a peer that sends one that does not, or a message that breaks the protocol, is
 * disconnected and counted.
 *
 * <p>Block store reads, writes and hashing run on {@code workers}, never on an event loop; {@code
 * timer} runs the fetch time-outs.
 */
public final class Bitswap implements Service {
  public static final String PROTOCOL_ID = "/ipfs/bitswap/1.2.0";
  private static final Logger LOG = LoggerFactory.getLogger(Bitswap.class);

  private final Host host;
  private final Executor workers;
  private final Counters counters = new Counters();
  private final Ledgers ledgers;
  private final Outbox outbox;
  private final ClientEngine client;
  private final ServerEngine server;
  private volatile boolean started;
  private boolean registered;

  public Bitswap(
      Host host,
      BlockStore store,
      BitswapOptions options,
      ProviderFinder finder,
      Executor workers,
      ScheduledExecutorService timer) {
    this.host = Objects.requireNonNull(host, "host");
    this.workers = Objects.requireNonNull(workers, "workers");
    Objects.requireNonNull(store, "store");
    this.ledgers = new Ledgers(options.maxWantsPerPeer());
    this.outbox = new Outbox(host, List.of(PROTOCOL_ID), this.workers);
    this.client =
        new ClientEngine(
            host,
            store,
            Objects.requireNonNull(timer, "timer"),
            outbox,
            ledgers,
            counters,
            Objects.requireNonNull(finder, "finder"),
            options,
            PROTOCOL_ID,
            this::drop,
            this::stored);
    this.server = new ServerEngine(store, workers, outbox, ledgers, counters, options);
  }

  @Override
  public String name() {
    return "bitswap";
  }

  /** Registers the protocol on the host and starts following its connections. */
  @Override
  public synchronized void start() {
    if (started) {
      return;
    }
    if (!registered) {
      registered = true;
      host.register(new BitswapBinding(this));
      host.addListener(
          new Host.ConnectionListener() {
            @Override
            public void connected(Connection connection) {
              if (started) {
                client.onConnected(connection.remotePeer());
              }
            }

            @Override
            public void disconnected(Connection connection) {
              PeerId peer = connection.remotePeer();
              // Forget the peer unless another connection to it stays open.
              if (host.connection(peer).filter(c -> c != connection && c.isOpen()).isEmpty()) {
                client.onDisconnected(peer);
                ledgers.remove(peer);
                outbox.forget(peer);
              }
            }
          });
    }
    client.resume();
    started = true;
  }

  /**
   * Fails every pending fetch and those asked for until {@link #start} again; inbound messages are
   * ignored until then.
   */
  @Override
  public synchronized void stop() {
    if (started) {
      started = false;
      client.stop();
    }
  }

  /**
   * Fetches a block: from the store when held, else from peers, within the configured time-out. The
   * future fails with {@link BlockFetchException} naming the CID and the time-out, or with {@link
   * WantlistFullException}; cancelling it withdraws the want when no other fetch waits for it. It
   * fails early, with reason {@link BlockFetchException.Reason#NO_PEERS}, when no peer can be asked
   * (see {@link BitswapSession#fetch(Cid, Duration, boolean)} for a fetch that waits for one).
   */
  public CompletableFuture<Block> fetch(Cid cid) {
    return client.fetch(cid, null, null, false);
  }

  public CompletableFuture<Block> fetch(Cid cid, Duration timeout) {
    return client.fetch(cid, null, timeout, false);
  }

  /**
   * Blocks were stored here by other means than Bitswap (an add, an import): the peers whose
   * wantlist holds one of them get it (or HAVE), as Kubo's {@code NotifyNewBlocks}. Costs one map
   * look per block no peer wants.
   */
  public void notifyNewBlocks(Collection<Cid> cids) {
    for (Cid cid : cids) {
      server.onNewBlock(cid);
    }
  }

  /** A session for related fetches (one DAG), which asks the peers that had its blocks first. */
  public BitswapSession newSession() {
    return new BitswapSession(client);
  }

  /**
   * {@code bitswap stat}. Its peers are, as in Kubo, the connected peers that speak Bitswap: those
   * that announced a Bitswap protocol through Identify, and those that sent this node a Bitswap
   * message (which have a ledger).
   */
  public BitswapStat stat() {
    TreeSet<PeerId> peers = new TreeSet<>(ledgers.peers());
    for (Connection c : host.connections()) {
      if (c.isOpen()
          && host.peerStore().protocols(c.remotePeer()).stream()
              .anyMatch(p -> p.startsWith("/ipfs/bitswap"))) {
        peers.add(c.remotePeer());
      }
    }
    return new BitswapStat(
        0,
        client.wantlist(),
        List.copyOf(peers),
        counters.blocksReceived.get(),
        counters.dataReceived.get(),
        counters.blocksSent.get(),
        counters.dataSent.get(),
        counters.dupBlocks.get(),
        counters.dupData.get(),
        counters.messagesReceived.get(),
        counters.peersDropped.get(),
        counters.badBlocks.get());
  }

  /** {@code bitswap wantlist}: the blocks this node wants. */
  public List<Cid> wantlist() {
    return client.wantlist();
  }

  /** {@code bitswap wantlist --peer}: the blocks a peer wants from this node, still unanswered. */
  public List<Cid> wantlist(PeerId peer) {
    return ledgers.wantlist(peer);
  }

  /** {@code bitswap ledger}: what this node and a peer exchanged. */
  public BitswapLedger ledger(PeerId peer) {
    return ledgers.snapshot(peer);
  }

  ClientEngine client() {
    return client;
  }

  Ledgers ledgers() {
    return ledgers;
  }

  void onMessage(PeerId peer, BitswapMessage message) {
    if (!started) {
      return;
    }
    counters.messagesReceived.incrementAndGet();
    client.onPresences(peer, message.presences());
    server.onWantlist(peer, message.wants(), message.full());
    if (!message.blocks().isEmpty()) {
      workers.execute(() -> client.onBlocks(peer, message.blocks()));
    }
  }

  void onWritable(PeerId peer) {
    server.onWritable(peer);
  }

  /** The client stored a block it fetched: the server serves the peers that still want it. */
  private void stored(Cid cid) {
    server.onNewBlock(cid);
  }

  /** Disconnects a peer that broke the protocol, and counts it. */
  void drop(PeerId peer, String why) {
    LOG.warn("bitswap: dropping peer {}: it {}", peer, why);
    counters.peersDropped.incrementAndGet();
    host.disconnect(peer)
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                LOG.debug("bitswap: disconnecting {} failed: {}", peer, e.toString());
              }
            });
  }
}
