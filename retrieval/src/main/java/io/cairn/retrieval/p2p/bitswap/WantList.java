package io.cairn.retrieval.p2p.bitswap;

import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import io.cairn.storage.Multihash;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The client's one wantlist, shared by every peer: each wanted block is stored once, keyed by its
 * multihash, with the peers it was sent to as bits of {@link PeerIndex} ids (not copied into a
 * per-peer list, as Kubo does). Its size is capped at {@code maxWants}; a want's bit sets grow only
 * to the highest peer id in use, which is below the number of peers connected at once. Not
 * thread-safe: the client engine guards it.
 */
final class WantList {
  /** One wanted block. */
  static final class Want {
    final Cid cid;

    /** The session that asked first, or null. */
    final BitswapSession session;

    /** Completed with the block; every fetch of the CID depends on it. */
    final CompletableFuture<Block> result = new CompletableFuture<>();

    /** Peers sent a want for it (want-have or want-block). */
    final BitSet sentTo = new BitSet();

    /** Peers that said HAVE. */
    final BitSet haves = new BitSet();

    /** Peers that said DONT_HAVE. */
    final BitSet dontHaves = new BitSet();

    /** The peer asked for the block itself, or -1. */
    int blockPeer = -1;

    /** Whether the provider finder was asked. */
    boolean searched;

    /** Whether the provider finder's first search ended (with or without providers). */
    boolean searchEnded;

    /** Fetches still waiting; the want is cancelled when the last one gives up. */
    int waiters;

    /**
     * The waiting fetches that fail as soon as no peer can be asked for the block ({@link
     * IdleWants}); the others wait for a peer until their time-out, as Kubo's wants wait until
     * their request ends.
     */
    final List<CompletableFuture<Block>> failFast = new ArrayList<>(0);

    /** The client's rebroadcast tick at which it was last sent or answered. */
    long activeTick;

    /** The rebroadcast tick of its last provider search. */
    long searchTick;

    Want(Cid cid, BitswapSession session) {
      this.cid = cid;
      this.session = session;
    }

    /** Whether some peer asked has not answered yet. */
    boolean awaitingAnswers() {
      BitSet pending = (BitSet) sentTo.clone();
      pending.andNot(haves);
      pending.andNot(dontHaves);
      return !pending.isEmpty();
    }

    /** Bytes held by the peer bit sets (each a long[] inside). */
    long peerSetBytes() {
      return (sentTo.size() + haves.size() + dontHaves.size()) / 8L;
    }

    void forget(int peer) {
      sentTo.clear(peer);
      haves.clear(peer);
      dontHaves.clear(peer);
      if (blockPeer == peer) {
        blockPeer = -1;
      }
    }
  }

  private final Map<Multihash, Want> wants = new LinkedHashMap<>();
  private final int maxWants;

  WantList(int maxWants) {
    this.maxWants = maxWants;
  }

  Want get(Multihash mh) {
    return wants.get(mh);
  }

  /**
   * Adds a want.
   *
   * @throws WantlistFullException when the list holds {@code maxWants} already
   */
  Want add(Cid cid, BitswapSession session) {
    if (wants.size() >= maxWants) {
      throw new WantlistFullException(
          "cannot fetch " + cid + ": the wantlist is full (" + maxWants + " wants)");
    }
    Want w = new Want(cid, session);
    wants.put(cid.multihash(), w);
    return w;
  }

  Want remove(Multihash mh) {
    return wants.remove(mh);
  }

  Collection<Want> all() {
    return wants.values();
  }

  int size() {
    return wants.size();
  }

  /** Removes a peer from every want; returns the wants it was asked for a block of. */
  List<Want> forget(int peer) {
    List<Want> orphans = new ArrayList<>();
    for (Want w : wants.values()) {
      boolean wasBlockPeer = w.blockPeer == peer;
      w.forget(peer);
      if (wasBlockPeer) {
        orphans.add(w);
      }
    }
    return orphans;
  }

  /** The memory the peer sets take in all, in bytes, for the bound the memory test checks. */
  long peerSetBytes() {
    long total = 0;
    for (Want w : wants.values()) {
      total += w.peerSetBytes();
    }
    return total;
  }
}
