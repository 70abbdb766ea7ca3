package io.cairn.retrieval.p2p.bitswap;

import io.cairn.storage.PeerId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Small integer ids for the peers Bitswap talks to, so a want can keep its peers in a bit set, and
 * each peer's load (want-blocks outstanding). An id is freed when its peer disconnects and the
 * lowest free id is handed out next, so ids stay below the number of peers connected at once. Not
 * thread-safe: the client engine guards it.
 */
final class PeerIndex {
  private final Map<PeerId, Integer> ids = new HashMap<>();
  private final List<PeerId> peers = new ArrayList<>();
  private final BitSet used = new BitSet();
  private int[] load = new int[16];

  /** The peer's id, assigning one if it has none. */
  int acquire(PeerId peer) {
    Integer id = ids.get(peer);
    if (id != null) {
      return id;
    }
    int next = used.nextClearBit(0);
    used.set(next);
    ids.put(peer, next);
    while (peers.size() <= next) {
      peers.add(null);
    }
    peers.set(next, peer);
    return next;
  }

  /** The peer's id, or -1. */
  int idOf(PeerId peer) {
    Integer id = ids.get(peer);
    return id == null ? -1 : id;
  }

  PeerId peer(int id) {
    return peers.get(id);
  }

  /** Frees the peer's id; returns it, or -1 if it had none. */
  int release(PeerId peer) {
    Integer id = ids.remove(peer);
    if (id == null) {
      return -1;
    }
    used.clear(id);
    peers.set(id, null);
    if (id < load.length) {
      load[id] = 0;
    }
    return id;
  }

  /** Want-blocks outstanding at the peer with this id; 0 for -1. */
  int load(int id) {
    return id >= 0 && id < load.length ? load[id] : 0;
  }

  void addLoad(int id, int delta) {
    if (id >= load.length) {
      load = Arrays.copyOf(load, Math.max(id + 1, load.length * 2));
    }
    load[id] = Math.max(0, load[id] + delta);
  }

  int size() {
    return ids.size();
  }
}
