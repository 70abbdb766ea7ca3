package io.cairn.retrieval.p2p.bitswap;

import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Want;
import io.cairn.storage.Cid;
import io.cairn.storage.PeerId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one peer and this node exchanged (bytes and blocks each way) and what the peer wants from
 * this node: its wantlist, capped, in arrival order, the server's queue for that peer. Guarded by
 * its own monitor.
 */
final class PeerLedger {
  final PeerId peer;
  private final int maxWants;
  private final Map<Cid, Want> wants = new LinkedHashMap<>();
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
    this.peer = peer;
    this.maxWants = maxWants;
  }

  /** Applies a received wantlist; entries beyond the cap are refused and counted. */
  synchronized void update(List<Want> entries, boolean full) {
    if (full) {
      wants.clear();
      withdrawn.addAll(taken);
    }
    for (Want e : entries) {
      if (e.cancel()) {
        wants.remove(e.cid());
        if (taken.contains(e.cid())) {
          withdrawn.add(e.cid());
        }
      } else if (wants.containsKey(e.cid()) || wants.size() < maxWants) {
        wants.put(e.cid(), e);
      } else {
        wantsRefused++;
      }
    }
  }

  /** Takes up to {@code max} queued wants, oldest first, if none is being served. */
  synchronized List<Want> startDrain(int max, long maxInFlight) {
    if (draining || wants.isEmpty() || inFlight >= maxInFlight) {
      return List.of();
    }
    List<Want> out = new ArrayList<>(Math.min(max, wants.size()));
    var it = wants.values().iterator();
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
    Map<Cid, Want> rest = new LinkedHashMap<>(wants);
    wants.clear();
    for (Want w : unserved) {
      if (!withdrawn.contains(w.cid())) {
        wants.put(w.cid(), w);
      }
    }
    rest.forEach(wants::putIfAbsent);
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
    wants.clear();
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
