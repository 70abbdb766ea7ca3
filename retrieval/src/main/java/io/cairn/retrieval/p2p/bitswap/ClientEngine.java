package io.cairn.retrieval.p2p.bitswap;

import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.Host;
import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Payload;
import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Presence;
import io.cairn.retrieval.p2p.bitswap.WantList.Want;
import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multihash;
import io.cairn.storage.PeerId;
import io.cairn.storage.codec.CodecException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The fetching half. A new want is sent as want-have to the connected peers (or, in a session that
 * knows peers, as want-block to the least loaded of them) and to the peers the {@link
 * ProviderFinder} names; a peer that answers HAVE is asked for the block; DONT_HAVE moves the
 * want-block to another peer that has it. A received block is hashed and must match a want; it is
 * stored, the fetches complete, and the other peers get a cancel. One {@link WantList} holds every
 * want; the engine's monitor guards it, and no I/O runs under it. {@link IdleWants} follows up the
 * wants nobody answers (provider search, rebroadcast, isolation check) under the same monitor.
 */
final class ClientEngine {
  private static final int DEFAULT_PRIORITY = BitswapCodec.DEFAULT_PRIORITY;

  /** Finished wants remembered, so a late copy of their block counts as a duplicate. */
  static final int RECENT_WANTS = 4096;

  private final Host host;
  private final BlockStore store;
  private final ScheduledExecutorService timer;
  private final Outbox outbox;
  private final Ledgers ledgers;
  private final Counters counters;
  private final BitswapOptions options;
  private final String protocolId;
  private final BiConsumer<PeerId, String> dropper;
  private final Consumer<Cid> stored;

  private final WantList wants;
  private final PeerIndex index = new PeerIndex();
  private final Map<Multihash, Boolean> recent =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Multihash, Boolean> eldest) {
          return size() > RECENT_WANTS;
        }
      };

  /** Peers whose Bitswap stream could not be opened; not asked again until they reconnect. */
  private final Set<PeerId> unreachable = new LinkedHashSet<>();

  private final IdleWants idle;

  private boolean stopped;

  ClientEngine(
      Host host,
      BlockStore store,
      ScheduledExecutorService timer,
      Outbox outbox,
      Ledgers ledgers,
      Counters counters,
      ProviderFinder finder,
      BitswapOptions options,
      String protocolId,
      BiConsumer<PeerId, String> dropper,
      Consumer<Cid> stored) {
    this.host = host;
    this.store = store;
    this.timer = timer;
    this.outbox = outbox;
    this.ledgers = ledgers;
    this.counters = counters;
    this.options = options;
    this.protocolId = protocolId;
    this.dropper = dropper;
    this.stored = stored;
    this.wants = new WantList(options.maxWants());
    this.idle = new IdleWants(this, wants, index, host, timer, finder);
  }

  /**
   * Fetches a block.
   *
   * @param timeout how long to wait at most; null for the configured time-out
   * @param waitForPeers whether to wait (until the time-out) when no peer can be asked for the
   *     block, for one that connects meanwhile, as Kubo does; else the fetch fails with {@link
   *     BlockFetchException.Reason#NO_PEERS} as soon as nobody is connected or being dialled and
   *     the provider search found no one
   */
  CompletableFuture<Block> fetch(
      Cid cid, BitswapSession session, Duration timeout, boolean waitForPeers) {
    if (cid.isIdentity()) {
      return CompletableFuture.completedFuture(new Block(cid, cid.multihash().digest()));
    }
    Duration limit = timeout == null ? options.fetchTimeout() : timeout;
    CompletableFuture<Block> mine = new CompletableFuture<>();
    WantBatch out = newBatch();
    Want want;
    boolean fresh;
    boolean rechecked = false;
    while (true) {
      CompletableFuture<Block> local = fromStore(cid);
      if (local != null) {
        return local;
      }
      synchronized (this) {
        if (stopped) {
          return CompletableFuture.failedFuture(
              new BlockFetchException(cid, "cannot be fetched: Bitswap is stopped"));
        }
        want = wants.get(cid.multihash());
        fresh = want == null;
        if (fresh && !rechecked && recent.containsKey(cid.multihash())) {
          // The block may have come while this fetch looked in the store: a received block is
          // stored before its want is removed, so the store has it now. Wanting it again would
          // ask a peer for a block it has just sent, which Helia ignores for a while.
          rechecked = true;
          continue;
        }
        if (fresh) {
          try {
            want = wants.add(cid, session);
          } catch (WantlistFullException e) {
            return CompletableFuture.failedFuture(e);
          }
          want.activeTick = idle.tick();
          want.searchTick = idle.tick();
          start(want, out);
          idle.schedule();
        }
        want.waiters++;
        if (!waitForPeers) {
          want.failFast.add(mine);
        }
      }
      break;
    }
    out.send();
    Want w = want;
    w.result.whenComplete(
        (b, e) -> {
          if (e == null) {
            mine.complete(b.cid().equals(cid) ? b : new Block(cid, b.data()));
          } else {
            mine.completeExceptionally(e);
          }
        });
    ScheduledFuture<?> deadline =
        timer.schedule(
            () ->
                mine.completeExceptionally(
                    new BlockFetchException(
                        cid,
                        BlockFetchException.Reason.TIMED_OUT,
                        "was not found on the network within "
                            + describe(limit)
                            + " (asked "
                            + askedCount(w)
                            + " peers)",
                        null)),
            limit.toNanos(),
            TimeUnit.NANOSECONDS);
    mine.whenComplete(
        (b, e) -> {
          deadline.cancel(false);
          if (e != null) {
            release(w, mine);
          }
        });
    if (fresh) {
      idle.searchLater(w);
    }
    return mine;
  }

  private synchronized int askedCount(Want w) {
    return w.sentTo.cardinality();
  }

  /**
   * A batch whose failed sends mark the peer unreachable and whose searches {@link IdleWants} runs.
   */
  WantBatch newBatch() {
    return new WantBatch(outbox, this::onUnreachable, idle::findProviders);
  }

  /** Whether {@link #stop} ran. Called with the monitor held. */
  boolean stopped() {
    return stopped;
  }

  static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** The block from the local store, a failure if the store failed, or null if it is not there. */
  private CompletableFuture<Block> fromStore(Cid cid) {
    Optional<byte[]> local;
    try {
      local = store.get(cid);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return local.map(data -> CompletableFuture.completedFuture(new Block(cid, data))).orElse(null);
  }

  private void release(Want w, CompletableFuture<Block> fetch) {
    WantBatch out = newBatch();
    synchronized (this) {
      w.waiters--;
      w.failFast.remove(fetch);
      Multihash mh = w.cid.multihash();
      if (w.waiters > 0 || wants.get(mh) != w) {
        return;
      }
      wants.remove(mh);
      recent.put(mh, Boolean.TRUE);
      if (w.blockPeer >= 0) {
        index.addLoad(w.blockPeer, -1);
      }
      cancelAll(w, -1, out);
    }
    out.send();
  }

  /** Sends a new want: to the session's peers when it has some, else to every connected peer. */
  private void start(Want w, WantBatch out) {
    if (w.session != null) {
      List<PeerId> known =
          w.session.peers().stream().filter(p -> host.connection(p).isPresent()).toList();
      if (!known.isEmpty()) {
        PeerId best = known.get(0);
        for (PeerId p : known) {
          if (index.load(index.idOf(p)) < index.load(index.idOf(best))) {
            best = p;
          }
        }
        askBlock(w, best, out);
        for (PeerId p : known) {
          if (!p.equals(best)) {
            askHave(w, p, out);
          }
        }
        return;
      }
    }
    broadcast(w, out);
    if (w.sentTo.isEmpty()) {
      idle.searchOnce(w, out);
    }
  }

  private void broadcast(Want w, WantBatch out) {
    for (Connection c : host.connections()) {
      PeerId p = c.remotePeer();
      if (speaksBitswap(p)) {
        askHave(w, p, out);
      }
    }
  }

  /**
   * Whether the peer may be asked: not unreachable, and Bitswap is among its protocols if known.
   * Called with the monitor held.
   */
  boolean speaksBitswap(PeerId peer) {
    if (unreachable.contains(peer)) {
      return false;
    }
    Set<String> protocols = host.peerStore().protocols(peer);
    return protocols.isEmpty() || protocols.contains(protocolId);
  }

  /** Adds a want-have for the peer unless it was asked already. Called with the monitor held. */
  void askHave(Want w, PeerId p, WantBatch out) {
    int id = index.acquire(p);
    if (!w.sentTo.get(id)) {
      w.sentTo.set(id);
      out.add(p, BitswapMessage.Want.have(w.cid, DEFAULT_PRIORITY));
    }
  }

  private void askBlock(Want w, PeerId p, WantBatch out) {
    int id = index.acquire(p);
    w.sentTo.set(id);
    w.blockPeer = id;
    w.activeTick = idle.tick();
    index.addLoad(id, 1);
    out.add(p, BitswapMessage.Want.block(w.cid, DEFAULT_PRIORITY));
  }

  /** Asks the least loaded peer that said HAVE for the block, or asks more peers. */
  private void reassign(Want w, WantBatch out) {
    int best = -1;
    for (int i = w.haves.nextSetBit(0); i >= 0; i = w.haves.nextSetBit(i + 1)) {
      if (best < 0 || index.load(i) < index.load(best)) {
        best = i;
      }
    }
    if (best >= 0) {
      askBlock(w, index.peer(best), out);
    } else if (!w.awaitingAnswers()) {
      broadcast(w, out);
      if (!w.awaitingAnswers()) {
        idle.searchOnce(w, out);
      }
    }
  }

  /**
   * Cancels the want at every peer asked, those that said DONT_HAVE too: Helia keeps such a want
   * and sends the block if it gets it later.
   */
  private void cancelAll(Want w, int except, WantBatch out) {
    for (int i = w.sentTo.nextSetBit(0); i >= 0; i = w.sentTo.nextSetBit(i + 1)) {
      if (i != except) {
        out.add(index.peer(i), BitswapMessage.Want.cancel(w.cid));
      }
    }
  }

  void onPresences(PeerId peer, List<Presence> presences) {
    if (presences.isEmpty()) {
      return;
    }
    WantBatch out = newBatch();
    synchronized (this) {
      int id = index.idOf(peer);
      if (id < 0) {
        return;
      }
      for (Presence p : presences) {
        Want w = wants.get(p.cid().multihash());
        if (w == null || !w.sentTo.get(id)) {
          continue;
        }
        w.activeTick = idle.tick();
        if (p.have()) {
          w.haves.set(id);
          w.dontHaves.clear(id);
          if (w.session != null) {
            w.session.addPeer(peer);
          }
          if (w.blockPeer < 0) {
            askBlock(w, peer, out);
          }
        } else {
          w.dontHaves.set(id);
          w.haves.clear(id);
          if (w.blockPeer == id) {
            w.blockPeer = -1;
            index.addLoad(id, -1);
          }
          if (w.blockPeer < 0) {
            reassign(w, out);
          }
        }
      }
    }
    out.send();
  }

  /** Handles received blocks; runs on a worker thread (it hashes and stores). */
  void onBlocks(PeerId peer, List<Payload> payloads) {
    for (Payload p : payloads) {
      Cid cid;
      try {
        cid = p.prefix().cid(p.data());
      } catch (CodecException e) {
        badBlock(peer, "sent a block that cannot be checked: " + e.getMessage());
        return;
      }
      if (!onBlock(peer, cid, p.data())) {
        return;
      }
    }
  }

  private boolean onBlock(PeerId peer, Cid cid, byte[] data) {
    Multihash mh = cid.multihash();
    Want w;
    boolean late;
    synchronized (this) {
      w = wants.get(mh);
      late = w == null && recent.containsKey(mh);
    }
    if (w == null) {
      if (late || store.has(cid)) {
        duplicate(peer, data);
        return true;
      }
      badBlock(peer, "sent block " + cid + ", whose hash matches none of this node's wants");
      return false;
    }
    Block block = new Block(w.cid, data);
    RuntimeException failed = null;
    try {
      // Stored before the want is removed, so a fetch that misses the store still finds the want.
      // A bulk write, as an import's: durable at the store's next sync, which pins wait for; a
      // synced write per block held a fetch to the disk's sync rate (tens of blocks a second).
      store.putAll(List.of(block));
    } catch (RuntimeException e) {
      failed = e;
    }
    WantBatch out = newBatch();
    synchronized (this) {
      if (wants.get(mh) != w) {
        w = null; // a copy from another peer completed it meanwhile, or it was withdrawn
      } else {
        wants.remove(mh);
        recent.put(mh, Boolean.TRUE);
        if (w.blockPeer >= 0) {
          index.addLoad(w.blockPeer, -1);
        }
        cancelAll(w, index.idOf(peer), out);
        if (w.session != null) {
          w.session.addPeer(peer);
        }
      }
    }
    if (w == null) {
      duplicate(peer, data);
      return true;
    }
    counters.blocksReceived.incrementAndGet();
    counters.dataReceived.addAndGet(data.length);
    ledgers.get(peer).received(data.length);
    if (failed == null) {
      w.result.complete(block);
      stored.accept(w.cid);
    } else {
      w.result.completeExceptionally(
          new BlockFetchException(
              w.cid, "was fetched but could not be stored: " + failed.getMessage(), failed));
    }
    out.send();
    return true;
  }

  private void duplicate(PeerId peer, byte[] data) {
    counters.dupBlocks.incrementAndGet();
    counters.dupData.addAndGet(data.length);
    ledgers.get(peer).received(data.length);
  }

  private void badBlock(PeerId peer, String why) {
    counters.badBlocks.incrementAndGet();
    dropper.accept(peer, why);
  }

  /** Sends every want to a newly connected peer. */
  void onConnected(PeerId peer) {
    WantBatch out = newBatch();
    synchronized (this) {
      // under the monitor: the unreachable peers change under it
      if (!speaksBitswap(peer)) {
        return;
      }
      for (Want w : wants.all()) {
        askHave(w, peer, out);
      }
    }
    out.send();
  }

  /** Forgets a peer that disconnected; its want-blocks go elsewhere. */
  void onDisconnected(PeerId peer) {
    synchronized (this) {
      unreachable.remove(peer);
    }
    forget(peer);
  }

  /** A message could not be sent: the peer is not asked again until it reconnects. */
  private void onUnreachable(PeerId peer) {
    synchronized (this) {
      if (unreachable.size() >= RECENT_WANTS) {
        unreachable.remove(unreachable.iterator().next());
      }
      unreachable.add(peer);
    }
    forget(peer);
  }

  private void forget(PeerId peer) {
    WantBatch out = newBatch();
    synchronized (this) {
      int id = index.idOf(peer);
      if (id >= 0) {
        List<Want> orphans = wants.forget(id);
        index.release(peer);
        for (Want w : orphans) {
          reassign(w, out);
        }
      }
    }
    out.send();
  }

  synchronized List<Cid> wantlist() {
    List<Cid> out = new ArrayList<>(wants.size());
    for (Want w : wants.all()) {
      out.add(w.cid);
    }
    return out;
  }

  synchronized int wantCount() {
    return wants.size();
  }

  synchronized long peerSetBytes() {
    return wants.peerSetBytes();
  }

  synchronized int peersIndexed() {
    return index.size();
  }

  /** The peers a want was sent to, for tests and diagnostics. */
  synchronized List<PeerId> sentTo(Cid cid) {
    Want w = wants.get(cid.multihash());
    if (w == null) {
      return List.of();
    }
    List<PeerId> out = new ArrayList<>();
    for (int i = w.sentTo.nextSetBit(0); i >= 0; i = w.sentTo.nextSetBit(i + 1)) {
      out.add(index.peer(i));
    }
    return out;
  }

  /** Fails every pending fetch. */
  /** Takes fetches again after {@link #stop}. */
  synchronized void resume() {
    stopped = false;
  }

  void stop() {
    List<Want> pending;
    synchronized (this) {
      stopped = true;
      idle.stop();
      pending = new ArrayList<>(wants.all());
      for (Want w : pending) {
        wants.remove(w.cid.multihash());
      }
    }
    for (Want w : pending) {
      w.result.completeExceptionally(
          new BlockFetchException(w.cid, "cannot be fetched: Bitswap stopped"));
    }
  }
}
