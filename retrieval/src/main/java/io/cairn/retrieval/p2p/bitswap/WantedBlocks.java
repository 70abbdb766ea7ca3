package io.cairn.retrieval.p2p.bitswap;

import io.cairn.storage.Cid;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many peers' wantlists hold each CID, kept by their ledgers as wants come and go: a block
 * stored here is looked up once, and only a block someone wants costs a look at each ledger. Its
 * size is bounded by the per-peer want cap times the number of peers.
 */
final class WantedBlocks {
  private final ConcurrentHashMap<Cid, Integer> wanters = new ConcurrentHashMap<>();

  void add(Cid cid) {
    wanters.merge(cid, 1, Integer::sum);
  }

  void remove(Cid cid) {
    wanters.computeIfPresent(cid, (c, n) -> n == 1 ? null : n - 1);
  }

  boolean wanted(Cid cid) {
    return wanters.containsKey(cid);
  }

  int size() {
    return wanters.size();
  }
}
