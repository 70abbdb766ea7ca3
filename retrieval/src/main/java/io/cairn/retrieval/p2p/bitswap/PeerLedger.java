package io.cairn.retrieval.p2p.bitswap;

import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Want;
import io.cairn.storage.Cid;
import io.cairn.storage.PeerId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  PeerLedger(PeerId peer, int maxWants) {
    this.peer = peer;
    this.maxWants = maxWants;
  }

  /** Applies a received wantlist; entries beyond the cap are refused and counted. */
  synchronized void update(List<Want> entries, boolean full) {
    if (full) {
      wants.clear();
    }
    for (Want e : entries) {
      if (e.cancel()) {
        wants.remove(e.cid());
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
      out.add(it.next());
      it.remove();
    }
    draining = true;
    return out;
  }

  /** Puts back wants a drain did not serve (the message was full), ahead of the rest. */
  synchronized void requeue(List<Want> unserved) {
    if (unserved.isEmpty()) {
      return;
    }
    Map<Cid, Want> rest = new LinkedHashMap<>(wants);
    wants.clear();
    for (Want w : unserved) {
      wants.put(w.cid(), w);
    }
    rest.forEach(wants::putIfAbsent);
  }

  synchronized void endDrain(long bytesQueued) {
    draining = false;
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
