package io.cairn.retrieval.p2p.bitswap;

import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.Host;
import io.cairn.retrieval.p2p.bitswap.WantList.Want;
import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the {@link ClientEngine} does for the wants no peer answers, on its timer rather than on a
 * message: the provider search (once {@link #PROVIDER_SEARCH_DELAY} after a want went out without a
 * HAVE, at once when no peer could be asked, and again every {@link #SEARCH_TICKS} rebroadcasts),
 * the rebroadcast of wants idle for a whole interval, and the isolation check that fails the
 * fetches of wants nobody can be asked for, those that did not ask to wait for a peer.
 *
 * <p>It owns the rebroadcast tick, the two periodic tasks and the {@link ProviderFinder}. The wants
 * and the peer index it reads and changes are the engine's, and so is the lock: everything here,
 * its own fields included, is guarded by the engine's monitor (no lock of its own), and, as in the
 * engine, no I/O or search runs under it: messages and searches are gathered in a {@link WantBatch}
 * sent after the monitor is left. Methods documented as called with the monitor held do not take
 * it.
 */
final class IdleWants {
  /**
   * How long a want waits for a HAVE from the peers asked before the provider finder is asked too
   * (Kubo's provSearchDelay); it is asked at once when no peer could be asked.
   */
  static final Duration PROVIDER_SEARCH_DELAY = Duration.ofSeconds(1);

  /**
   * How often wants that saw no answer are sent again: a peer may have lost the message (its stream
   * was reset) or got the block since it said DONT_HAVE. Kubo rebroadcasts its wantlist too.
   */
  static final Duration REBROADCAST_INTERVAL = Duration.ofSeconds(10);

  /**
   * How often the engine looks whether it has anyone to ask: when no peer that speaks Bitswap is
   * connected, none is being dialled and a want's provider search has ended, its fetches that do
   * not wait for peers fail at once ({@link BlockFetchException.Reason#NO_PEERS}) instead of at
   * their time-out.
   */
  static final Duration ISOLATION_CHECK = Duration.ofSeconds(1);

  /** Rebroadcast ticks between two provider searches for a want still unanswered (60 s). */
  static final int SEARCH_TICKS = 6;

  /** Wants sent again per tick at most, oldest first, so a rebroadcast's messages stay small. */
  static final int REBROADCAST_BATCH = 1024;

  private static final int DEFAULT_PRIORITY = BitswapCodec.DEFAULT_PRIORITY;

  /** Whose monitor guards the state below and the engine's. */
  private final ClientEngine engine;

  private final WantList wants;
  private final PeerIndex index;
  private final Host host;
  private final ScheduledExecutorService timer;
  private final ProviderFinder finder;

  /** Rebroadcast ticks so far; the timer runs only while there are wants. */
  private long tick;

  private ScheduledFuture<?> rebroadcasts;

  private ScheduledFuture<?> isolationChecks;

  /**
   * @param wants the engine's want list
   * @param index the engine's peer index
   */
  IdleWants(
      ClientEngine engine,
      WantList wants,
      PeerIndex index,
      Host host,
      ScheduledExecutorService timer,
      ProviderFinder finder) {
    this.engine = engine;
    this.wants = wants;
    this.index = index;
    this.host = host;
    this.timer = timer;
    this.finder = finder;
  }

  /** The rebroadcast tick now. Called with the engine's monitor held. */
  long tick() {
    return tick;
  }

  /**
   * Starts the rebroadcast and the isolation check unless they run; they stop themselves when no
   * want is left. Called with the engine's monitor held.
   */
  void schedule() {
    assert Thread.holdsLock(engine);
    if (rebroadcasts == null) {
      long every = REBROADCAST_INTERVAL.toNanos();
      rebroadcasts =
          timer.scheduleAtFixedRate(this::rebroadcast, every, every, TimeUnit.NANOSECONDS);
    }
    if (isolationChecks == null) {
      long every = ISOLATION_CHECK.toNanos();
      isolationChecks =
          timer.scheduleAtFixedRate(this::failIfIsolated, every, every, TimeUnit.NANOSECONDS);
    }
  }

  /** Cancels the periodic tasks. Called with the engine's monitor held. */
  void stop() {
    assert Thread.holdsLock(engine);
    if (rebroadcasts != null) {
      rebroadcasts.cancel(false);
      rebroadcasts = null;
    }
    if (isolationChecks != null) {
      isolationChecks.cancel(false);
      isolationChecks = null;
    }
  }

  /**
   * Asks the provider finder for a new want's block {@link #PROVIDER_SEARCH_DELAY} from now unless
   * a peer said HAVE by then. Called without the monitor.
   */
  void searchLater(Want w) {
    timer.schedule(
        () -> searchIfUnanswered(w), PROVIDER_SEARCH_DELAY.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Asks the provider finder for the want's block, once per want, after the monitor is left. Called
   * with the engine's monitor held.
   */
  void searchOnce(Want w, WantBatch out) {
    assert Thread.holdsLock(engine);
    if (!w.searched) {
      w.searched = true;
      out.search(w);
    }
  }

  /**
   * Runs a provider search and asks the providers found for a HAVE; the {@link WantBatch}'s finder,
   * so called without the monitor.
   */
  void findProviders(Want w) {
    CompletableFuture<Collection<PeerId>> found;
    try {
      found = finder.findProviders(w.cid.multihash());
    } catch (RuntimeException e) {
      found = CompletableFuture.failedFuture(e);
    }
    found.whenComplete(
        (peers, error) -> {
          WantBatch out = engine.newBatch();
          synchronized (engine) {
            if (wants.get(w.cid.multihash()) != w) {
              return;
            }
            w.searchEnded = true;
            if (error != null || peers == null) {
              return;
            }
            for (PeerId p : peers) {
              if (!p.equals(host.self())) {
                engine.askHave(w, p, out);
              }
            }
          }
          out.send();
        });
  }

  private void searchIfUnanswered(Want w) {
    WantBatch out = engine.newBatch();
    synchronized (engine) {
      if (wants.get(w.cid.multihash()) == w && w.haves.isEmpty()) {
        searchOnce(w, out);
      }
    }
    out.send();
  }

  /**
   * Sends again the wants nobody answered for a whole interval: the want-block to its peer, a
   * want-have to every connected peer (those that said DONT_HAVE too: they may have the block now),
   * and every {@link #SEARCH_TICKS} ticks a new provider search. Stops when no want is left.
   */
  private void rebroadcast() {
    WantBatch out = engine.newBatch();
    synchronized (engine) {
      tick++;
      if (wants.size() == 0 || engine.stopped()) {
        if (rebroadcasts != null) {
          rebroadcasts.cancel(false);
          rebroadcasts = null;
        }
        return;
      }
      Collection<Connection> connections = host.connections();
      int sent = 0;
      for (Want w : wants.all()) {
        if (sent >= REBROADCAST_BATCH) {
          break;
        }
        if (w.activeTick >= tick - 1) {
          continue;
        }
        sent++;
        w.activeTick = tick;
        if (w.blockPeer >= 0) {
          out.add(index.peer(w.blockPeer), BitswapMessage.Want.block(w.cid, DEFAULT_PRIORITY));
        }
        w.dontHaves.clear();
        for (Connection c : connections) {
          PeerId p = c.remotePeer();
          int id = index.idOf(p);
          if (id != w.blockPeer && (id < 0 || !w.haves.get(id)) && engine.speaksBitswap(p)) {
            w.sentTo.set(index.acquire(p));
            out.add(p, BitswapMessage.Want.have(w.cid, DEFAULT_PRIORITY));
          }
        }
        if (tick - w.searchTick >= SEARCH_TICKS) {
          w.searchTick = tick;
          out.search(w);
        }
      }
    }
    out.send();
  }

  /**
   * Fails the fetches that asked to fail fast ({@link WantList.Want#failFast}) of the wants nobody
   * can send: no peer to ask is connected or connecting, and their provider search has ended (a
   * provider it found is dialled, which counts as connecting). Waiting for the time-out could bring
   * nothing but a peer that connects of its own accord, which the other fetches wait for. A want
   * whose last fetch fails is withdrawn, as when its fetches time out.
   */
  private void failIfIsolated() {
    List<CompletableFuture<Block>> failed = new ArrayList<>();
    List<Cid> cids = new ArrayList<>();
    synchronized (engine) {
      if (engine.stopped() || wants.size() == 0) {
        if (isolationChecks != null) {
          isolationChecks.cancel(false);
          isolationChecks = null;
        }
        return;
      }
      if (!isolated()) {
        return;
      }
      for (Want w : wants.all()) {
        if (w.searchEnded) {
          for (CompletableFuture<Block> f : w.failFast) {
            failed.add(f);
            cids.add(w.cid);
          }
        }
      }
    }
    // Outside the monitor: each failure releases its want, which takes it.
    for (int i = 0; i < failed.size(); i++) {
      failed
          .get(i)
          .completeExceptionally(
              new BlockFetchException(
                  cids.get(i),
                  BlockFetchException.Reason.NO_PEERS,
                  "could not be fetched: no peer is connected to ask for it, and the provider"
                      + " search found none",
                  null));
    }
  }

  /** Whether no peer that speaks Bitswap is connected and no connection is being set up. */
  private boolean isolated() {
    if (host.connecting()) {
      return false;
    }
    for (Connection c : host.connections()) {
      if (c.isOpen() && engine.speaksBitswap(c.remotePeer())) {
        return false;
      }
    }
    return true;
  }
}
