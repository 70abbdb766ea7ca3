package io.cairn.retrieval.p2p.bitswap;

import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Want;
import io.cairn.retrieval.p2p.bitswap.BitswapMessage.WantType;
import io.cairn.storage.Cid;
import io.cairn.storage.PeerId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one peer and this node exchanged (bytes and blocks each way) and what the peer wants from
 * this node. Its wantlist, capped, in arrival order, keeps each want, as Kubo's ledger does, until
 * the peer cancels it or the server sends the block (or HAVE, for a want-have); a want answered
 * DONT_HAVE stays. The server's queue holds the wants not answered yet. Guarded by its own monitor.
 */
final class PeerLedger {
  final PeerId peer;
  private final int maxWants;
  private final WantedBlocks wanted;

  /** The peer's wantlist: change it only through {@link #want} and {@link #unwant}. */
  private final Map<Cid, Want> wants = new LinkedHashMap<>();

  /** The wants not answered yet, oldest first: each is in {@link #wants} too. */
  private final Map<Cid, Want> queue = new LinkedHashMap<>();

  /**
   * The wants answered and kept (DONT_HAVE, or nothing), in the order they were answered: those the
   * cap may drop, the first first, without a scan of the wantlist (a peer at the cap that floods
   * new wants costs one look each).
   */
  private final Set<Cid> kept = new LinkedHashSet<>();

  private long bytesSent;
  private long bytesReceived;
  private long blocksSent;
  private long blocksReceived;
  private long wantsRefused;

  /** Bytes handed to the stream and not yet written. */
  private long inFlight;

  private boolean draining;

  /** The wants taken by the drain in progress, and those of them cancelled since. */
  private final Set<Cid> taken = new HashSet<>();

  private final Set<Cid> withdrawn = new HashSet<>();

  PeerLedger(PeerId peer, int maxWants) {
    this(peer, maxWants, new WantedBlocks());
  }

  PeerLedger(PeerId peer, int maxWants, WantedBlocks wanted) {
    this.peer = peer;
    this.maxWants = maxWants;
    this.wanted = wanted;
  }

  private void want(Want w) {
    if (wants.put(w.cid(), w) == null) {
      wanted.add(w.cid());
    }
  }

  private void unwant(Cid cid) {
    if (wants.remove(cid) != null) {
      wanted.remove(cid);
    }
  }

  private void unwantAll() {
    wants.keySet().forEach(wanted::remove);
    wants.clear();
  }

  /**
   * Applies a received wantlist. At the cap, a new want takes the place of the oldest one already
   * answered (answered DONT_HAVE, or not at all when the peer asked for no DONT_HAVE: this node had
   * not the block), as Kubo's overflow handling drops wants for blocks it lacks; when there is
   * none, it is refused and counted.
   */
  synchronized void update(List<Want> entries, boolean full) {
    if (full) {
      unwantAll();
      queue.clear();
      kept.clear();
      withdrawn.addAll(taken);
    }
    for (Want e : entries) {
      if (e.cancel()) {
        unwant(e.cid());
        queue.remove(e.cid());
        kept.remove(e.cid());
        if (taken.contains(e.cid())) {
          withdrawn.add(e.cid());
        }
      } else if (wants.containsKey(e.cid()) || wants.size() < maxWants || dropOldestAnswered()) {
        want(e);
        queue.put(e.cid(), e);
        kept.remove(e.cid());
      } else {
        wantsRefused++;
      }
    }
  }

  private boolean dropOldestAnswered() {
    var it = kept.iterator();
    if (!it.hasNext()) {
      return false;
    }
    Cid oldest = it.next();
    it.remove();
    unwant(oldest);
    return true;
  }

  /**
   * The server answered a want it took: with the block, or HAVE to a want-have ({@code resolved}),
   * which ends the want unless the peer asked for it again meanwhile; else (DONT_HAVE, or nothing)
   * the want stays in the wantlist.
   */
  synchronized void answered(Want w, boolean resolved) {
    Cid cid = w.cid();
    Want now = wants.get(cid);
    if (now == null || withdrawn.contains(cid) || queue.containsKey(cid)) {
      return;
    }
    if (resolved && (w.type() == WantType.BLOCK || now.type() == WantType.HAVE)) {
      unwant(cid);
    } else {
      kept.add(cid);
    }
  }

  /**
   * This node has just got a block: a kept want for it (answered DONT_HAVE, or being answered) is
   * queued to be answered again. Returns whether one was.
   */
  synchronized boolean reopen(Cid cid) {
    Want w = wants.get(cid);
    if (w == null || queue.containsKey(cid)) {
      return false;
    }
    kept.remove(cid);
    queue.put(cid, w);
    return true;
  }

  /**
   * Takes up to {@code max} wants not answered yet, oldest first, if none is being served; they
   * stay in the wantlist.
   */
  synchronized List<Want> startDrain(int max, long maxInFlight) {
    if (draining || queue.isEmpty() || inFlight >= maxInFlight) {
      return List.of();
    }
    List<Want> out = new ArrayList<>(Math.min(max, queue.size()));
    var it = queue.values().iterator();
    while (it.hasNext() && out.size() < max) {
      Want w = it.next();
      out.add(w);
      taken.add(w.cid());
      it.remove();
    }
    draining = true;
    return out;
  }

  /** Whether a want taken by the drain in progress was cancelled since. */
  synchronized boolean isWithdrawn(Cid cid) {
    return withdrawn.contains(cid);
  }

  /** Puts back wants a drain did not serve (the message was full), ahead of the rest. */
  synchronized void requeue(List<Want> unserved) {
    if (unserved.isEmpty()) {
      return;
    }
    Map<Cid, Want> rest = new LinkedHashMap<>(queue);
    queue.clear();
    for (Want w : unserved) {
      if (!withdrawn.contains(w.cid())) {
        queue.put(w.cid(), w);
      }
    }
    rest.forEach(queue::putIfAbsent);
  }

  synchronized void endDrain(long bytesQueued) {
    draining = false;
    taken.clear();
    withdrawn.clear();
    inFlight += bytesQueued;
  }

  synchronized void written(long bytes) {
    inFlight -= bytes;
  }

  /** Forgets the peer's wants: it disconnected. */
  synchronized void close() {
    unwantAll();
    queue.clear();
    kept.clear();
  }

  synchronized void sent(long bytes) {
    bytesSent += bytes;
    blocksSent++;
  }

  synchronized void received(long bytes) {
    bytesReceived += bytes;
    blocksReceived++;
  }

  synchronized List<Cid> wantlist() {
    return List.copyOf(wants.keySet());
  }

  synchronized int wantCount() {
    return wants.size();
  }

  synchronized long wantsRefused() {
    return wantsRefused;
  }

  synchronized BitswapLedger snapshot() {
    return new BitswapLedger(
        peer, bytesSent, bytesReceived, blocksSent + blocksReceived, blocksSent, blocksReceived);
  }
}
