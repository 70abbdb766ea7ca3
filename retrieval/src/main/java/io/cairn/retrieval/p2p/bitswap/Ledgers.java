package io.cairn.retrieval.p2p.bitswap;

import io.cairn.storage.Cid;
import io.cairn.storage.PeerId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The ledger of each peer Bitswap is talking to; a peer's ledger goes when it disconnects. */
final class Ledgers {
  private final Map<PeerId, PeerLedger> ledgers = new ConcurrentHashMap<>();
  private final int maxWantsPerPeer;
  private final WantedBlocks wanted = new WantedBlocks();

  Ledgers(int maxWantsPerPeer) {
    this.maxWantsPerPeer = maxWantsPerPeer;
  }

  PeerLedger get(PeerId peer) {
    return ledgers.computeIfAbsent(peer, p -> new PeerLedger(p, maxWantsPerPeer, wanted));
  }

  Optional<PeerLedger> existing(PeerId peer) {
    return Optional.ofNullable(ledgers.get(peer));
  }

  void remove(PeerId peer) {
    PeerLedger l = ledgers.remove(peer);
    if (l != null) {
      l.close();
    }
  }

  BitswapLedger snapshot(PeerId peer) {
    PeerLedger l = ledgers.get(peer);
    return l == null ? BitswapLedger.empty(peer) : l.snapshot();
  }

  /** Whether any peer's wantlist holds {@code cid}. */
  boolean wanted(Cid cid) {
    return wanted.wanted(cid);
  }

  /** How many CIDs the peers' wantlists hold together, each once. */
  int distinctWants() {
    return wanted.size();
  }

  Collection<PeerLedger> all() {
    return ledgers.values();
  }

  List<PeerId> peers() {
    return ledgers.keySet().stream().sorted().toList();
  }

  /** What the peer wants from this node now. */
  List<Cid> wantlist(PeerId peer) {
    PeerLedger l = ledgers.get(peer);
    return l == null ? List.of() : l.wantlist();
  }

  /** Entries queued for all peers together, for the memory bound. */
  long queuedWants() {
    long n = 0;
    for (PeerLedger l : ledgers.values()) {
      n += l.wantCount();
    }
    return n;
  }
}
