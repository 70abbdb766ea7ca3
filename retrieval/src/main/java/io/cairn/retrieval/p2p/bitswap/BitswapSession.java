package io.cairn.retrieval.p2p.bitswap;

import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches of related blocks (one DAG, say): the peers that had earlier blocks of the session are
 * asked first, each new block from the one with the fewest blocks outstanding, so the work spreads
 * across them; when the session knows no peer yet, wants are broadcast. Thread-safe.
 */
public final class BitswapSession {
  /** Peers a session remembers at most. */
  static final int MAX_PEERS = 32;

  private final ClientEngine client;
  private final Set<PeerId> peers = new LinkedHashSet<>();

  BitswapSession(ClientEngine client) {
    this.client = client;
  }

  /** Fetches a block with the default time-out; see {@link Bitswap#fetch(Cid)}. */
  public CompletableFuture<Block> fetch(Cid cid) {
    return client.fetch(cid, this, null, false);
  }

  public CompletableFuture<Block> fetch(Cid cid, Duration timeout) {
    return client.fetch(cid, this, timeout, false);
  }

  /**
   * Fetches a block within {@code timeout}. With {@code waitForPeers}, a block no peer can be asked
   * for (none connected or being dialled, and the provider search found none) stays wanted until
   * the time-out, so a peer that connects meanwhile is asked at once, as Kubo's wants wait until
   * their request ends; without, the fetch fails as soon as that is so, with reason {@link
   * BlockFetchException.Reason#NO_PEERS} (a gateway's quick 504). Other fetches of the same block
   * keep their own choice.
   */
  public CompletableFuture<Block> fetch(Cid cid, Duration timeout, boolean waitForPeers) {
    return client.fetch(cid, this, timeout, waitForPeers);
  }

  /** The peers the session has found blocks at, oldest first. */
  public synchronized List<PeerId> peers() {
    return new ArrayList<>(peers);
  }

  synchronized void addPeer(PeerId peer) {
    if (peers.contains(peer)) {
      return;
    }
    if (peers.size() >= MAX_PEERS) {
      peers.remove(peers.iterator().next());
    }
    peers.add(peer);
  }

  synchronized void removePeer(PeerId peer) {
    peers.remove(peer);
  }
}
