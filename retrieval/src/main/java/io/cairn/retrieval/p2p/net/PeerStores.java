package io.cairn.retrieval.p2p.net;

import io.cairn.retrieval.p2p.PeerStore;
import io.cairn.storage.KeyValueTable;
import java.time.Clock;

/** The peer stores: in memory, or kept in a table of the node's storage. */
public final class PeerStores {
  private PeerStores() {}

  public static PeerStore memory() {
    return new MemoryPeerStore(Clock.systemUTC());
  }

  /** A store kept in {@code table} (such as {@code Storage.table("peers")}) across restarts. */
  public static PeerStore persistent(KeyValueTable table) {
    return new TablePeerStore(table, Clock.systemUTC());
  }

  static PeerStore persistent(KeyValueTable table, Clock clock) {
    return new TablePeerStore(table, clock);
  }
}
